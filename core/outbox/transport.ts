/**
 * The transport port (as in Bolt: transport is a port). A platform adapter implements
 * {@link Transport} to deliver outbox messages; the sender owns pacing, retries and
 * bookkeeping.
 */
import type { OutboxRow } from "../store/index.ts";
import { DeskError } from "../errors.ts";

export interface DeliveryResult {
  /** The platform's id of the message (Telegram message_id, Slack ts). */
  platformMessageId?: string;
  /** Extra facts a purpose hook may need (e.g. the Slack channel id a DM went to). */
  meta?: Record<string, string>;
}

export interface DeliveryContext {
  /** Looks up another outbox message (for edits and thread replies that refer to it). */
  lookup(outboxId: bigint): Promise<OutboxRow | null>;
}

export interface Transport {
  readonly platform: string;
  /** Group chats are paced more slowly (Telegram: 20 messages a minute). */
  isGroupChat?(chatKey: string): boolean;
  deliver(msg: OutboxRow, ctx: DeliveryContext): Promise<DeliveryResult>;
}

export type DeliveryErrorCode = "RATE_LIMITED" | "TEMPORARY" | "PERMANENT";

/**
 * What a transport throws when delivery fails.
 *
 * @example
 * ```ts
 * throw new DeliveryError("RATE_LIMITED", "429 Too Many Requests", { retryAfterMs: 5000 });
 * ```
 */
export class DeliveryError extends DeskError<DeliveryErrorCode> {
  /** how long the platform asked us to wait before the next try */
  readonly retryAfterMs?: number;
  constructor(code: DeliveryErrorCode, message: string, opts: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(code, message, { cause: opts.cause });
    this.retryAfterMs = opts.retryAfterMs;
  }
}
