/**
 * The outbox sender: claims due messages, paces them per platform, delivers them through the
 * platform's {@link Transport}, and records the outcome. Honours `retry_after`, retries
 * temporary failures with exponential backoff, and gives up into the visible `dead` state.
 *
 * Claims are short leases ({@link OUTBOX_LEASE_MS}), renewed while this process holds the
 * message (in its pacer or in flight), so the claims of a process that died come back within
 * seconds; a clean stop gives back at once what it has not sent. Once the platform accepted a
 * message, recording it as sent is retried until the database answers (never given up while
 * the process runs): a message is sent twice only if the process dies in that gap.
 */

/** How long a claim is ours without renewal. */
export const OUTBOX_LEASE_MS = 10_000;
/** How often expired leases (of processes that died) are looked for. */
export const OUTBOX_RELEASE_EVERY_MS = 2000;
/** Longest wait between tries to record a delivered message while the database is away. */
const RECORD_RETRY_MAX_MS = 2000;

/** Thrown into the pacer for a message given back at shutdown before it was sent. */
class Released extends DeskError<"OUTBOX_RELEASED"> {
  constructor() {
    super("OUTBOX_RELEASED", "given back at shutdown before it was sent");
  }
}
import type { Clock } from "../clock.ts";
import { DeskError } from "../errors.ts";
import type { DbHealth } from "../db-health.ts";
import type { DeskEventMap, EventSink } from "../events.ts";
import type { Logger } from "../log.ts";
import type { JsonValue, OutboxRow, Store } from "../store/index.ts";
import type { Pacer } from "./pacer.ts";
import { DeliveryError, type DeliveryResult, type Transport } from "./transport.ts";

export interface SenderOptions {
  store: Store;
  clock: Clock;
  log: Logger;
  maxAttempts: number;
  /** how many messages to claim at once */
  batch?: number;
  /** how long a claimed message is ours without renewal (default {@link OUTBOX_LEASE_MS}; renewed every third of it) */
  leaseMs?: number;
  /** the database watcher: no claims while it is down, expired leases taken back only once it is settled */
  health?: DbHealth;
  /** idle polling interval (for retries and other processes' messages) */
  pollMs?: number;
  /** backoff base for temporary failures */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** at most one claim query per this many ms (default 50) */
  minClaimIntervalMs?: number;
  /**
   * Told `outbox.sent` when the platform accepted a message that carries a purpose (in the
   * same transaction that marks it sent), so the platform's id can be recorded (a ticket's card).
   */
  events?: EventSink;
}

export interface SenderStats {
  sent: number;
  rateLimited: number;
  retried: number;
  dead: number;
  /** tries to record a delivered message that the database did not take (it was away) */
  recordRetries: number;
}

/**
 * @example
 * ```ts
 * const sender = new OutboxSender({ store, clock: systemClock, log, maxAttempts: 10 });
 * sender.register(new TelegramTransport(api), createPacer({ perChatPerSec: 1, globalPerSec: 30 }));
 * sender.start();
 * // after enqueueing: sender.poke();
 * ```
 */
export class OutboxSender {
  private readonly routes = new Map<string, { transport: Transport; pacer: Pacer }>();
  /** messages this process holds: waiting in the pacer, being delivered, or being recorded */
  private readonly inFlight = new Map<bigint, "queued" | "sending" | "recording">();
  /** given back at shutdown: if the pacer still runs one, it is not sent */
  private readonly released = new Set<bigint>();
  private renewTimer?: NodeJS.Timeout;
  /** set when stop() gave up waiting: recording loops end */
  private abandoned = false;
  private running = false;
  private loop?: Promise<void>;
  private wake?: () => void;
  private pokes = 0;
  private lastRelease = 0;
  private lastClaim = 0;
  private readonly minClaimIntervalMs: number;
  readonly stats: SenderStats = { sent: 0, rateLimited: 0, retried: 0, dead: 0, recordRetries: 0 };
  private readonly batch: number;
  private readonly leaseMs: number;
  private readonly pollMs: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;

  constructor(private readonly o: SenderOptions) {
    this.batch = o.batch ?? 100;
    this.leaseMs = o.leaseMs ?? OUTBOX_LEASE_MS;
    this.pollMs = o.pollMs ?? 1000;
    this.backoffBaseMs = o.backoffBaseMs ?? 1000;
    this.backoffMaxMs = o.backoffMaxMs ?? 5 * 60_000;
    this.minClaimIntervalMs = o.minClaimIntervalMs ?? 50;
  }

  register(transport: Transport, pacer: Pacer): this {
    this.routes.set(transport.platform, { transport, pacer });
    return this;
  }

  get platforms(): string[] {
    return [...this.routes.keys()];
  }

  start(): void {
    if (this.running || !this.routes.size) return;
    this.running = true;
    this.abandoned = false;
    this.loop = this.run();
    this.renewTimer = setInterval(() => void this.renew(), Math.max(50, Math.floor(this.leaseMs / 3)));
    this.renewTimer.unref();
  }

  /**
   * Stops claiming; gives back at once the messages still waiting in the pacer; waits for the
   * deliveries in flight and their bookkeeping (up to `timeoutMs`).
   */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
    const queued = [...this.inFlight].filter(([, state]) => state === "queued").map(([id]) => id);
    for (const id of queued) this.released.add(id);
    try {
      const n = await this.o.store.outbox.release(queued);
      if (n) this.o.log.info("outbox.released_at_stop", { released: n });
    } catch (err) {
      this.o.log.warn("outbox.release_failed", { err, ids: queued.length, hint: "their leases expire instead" });
    }
    await Promise.all([...this.routes.values()].map((r) => r.pacer.stop()));
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size && Date.now() < deadline) await sleep(20);
    if (this.inFlight.size) {
      this.o.log.error("outbox.unrecorded_at_stop", { ids: [...this.inFlight.keys()].map(String) });
      this.abandoned = true;
    }
    if (this.renewTimer) clearInterval(this.renewTimer);
  }

  /** Extends the leases of everything this process holds. */
  private async renew(): Promise<void> {
    const ids = [...this.inFlight.keys()];
    if (!ids.length || this.o.health?.down) return;
    try {
      await this.o.store.outbox.renew(ids, new Date(this.o.clock.now().getTime() + this.leaseMs));
    } catch (err) {
      this.o.log.warn("outbox.renew_failed", { err, held: ids.length });
      this.o.health?.failed(err);
    }
  }

  /** New messages were enqueued: look now instead of at the next poll. */
  poke(): void {
    this.pokes++;
    this.wake?.();
  }

  get busy(): number {
    return this.inFlight.size;
  }

  private async run(): Promise<void> {
    while (this.running) {
      const pokesBefore = this.pokes;
      let claimed = 0;
      // one claim query per interval at most: each delivery pokes, and the query scans the backlog
      const wait = this.lastClaim + this.minClaimIntervalMs - Date.now();
      if (wait > 0) await sleep(wait);
      this.lastClaim = Date.now();
      await this.o.health?.whenUp();
      if (!this.running) break;
      try {
        claimed = await this.claimOnce();
      } catch (err) {
        this.o.log.error("outbox.claim_failed", { err });
        this.o.health?.failed(err);
      }
      if (!this.running) break;
      if (claimed > 0 || this.pokes !== pokesBefore) continue;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, this.pollMs);
        this.wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private async claimOnce(): Promise<number> {
    const now = this.o.clock.now();
    // after an outage, the holders of delivered-but-unrecorded messages record them first
    if (Date.now() - this.lastRelease > OUTBOX_RELEASE_EVERY_MS && (this.o.health?.settled ?? true)) {
      this.lastRelease = Date.now();
      const released = await this.o.store.outbox.releaseExpired(now);
      if (released) this.o.log.warn("outbox.lease_expired", { released });
    }
    const room = this.batch - this.inFlight.size;
    if (room <= 0) return 0;
    const rows = await this.o.store.outbox.claim(this.platforms, room, now, new Date(now.getTime() + this.leaseMs));
    for (const row of rows) {
      // a message still waiting in our pacer whose lease ran out is ours already: don't send it twice
      if (this.inFlight.has(row.id)) continue;
      this.inFlight.set(row.id, "queued");
      void this.deliver(row).finally(() => {
        this.inFlight.delete(row.id);
        this.poke();
      });
    }
    return rows.length;
  }

  private async deliver(row: OutboxRow): Promise<void> {
    const route = this.routes.get(row.platform)!;
    const { store, log } = this.o;
    let result: DeliveryResult;
    try {
      result = await route.pacer.schedule(row.chatKey, route.transport.isGroupChat?.(row.chatKey) ?? false, () => {
        if (this.released.has(row.id)) throw new Released();
        this.inFlight.set(row.id, "sending");
        return route.transport.deliver(row, { lookup: (id) => store.outbox.get(id) });
      });
    } catch (err) {
      if (this.released.has(row.id) && this.inFlight.get(row.id) === "queued") {
        this.released.delete(row.id);
        return;
      }
      try {
        await this.failed(row, err);
      } catch (dbErr) {
        // the lease expires and the message is tried again
        log.error("outbox.bookkeeping_failed", { id: row.id, err: dbErr });
        this.o.health?.failed(dbErr);
      }
      return;
    }
    // Delivered: recording it must not fail into a resend, so retry until the database
    // answers. The lease is renewed meanwhile, and nobody takes expired leases back until the
    // database has been up for a while, so the message stays ours.
    this.inFlight.set(row.id, "recording");
    const sent = sentEvent(row, result);
    for (let attempt = 1; !this.abandoned; attempt++) {
      try {
        await store.tx(async (tx) => {
          const now = this.o.clock.now();
          await tx.outbox.markSent(row.id, result.platformMessageId, now);
          if (sent && this.o.events) await this.o.events.emit(tx, "outbox.sent", sent, now);
        });
        this.stats.sent++;
        if (attempt > 1) log.warn("outbox.mark_sent_recovered", { id: row.id, attempts: attempt });
        return;
      } catch (err) {
        if (attempt === 1 || attempt % 30 === 0) log.error("outbox.mark_sent_retrying", { id: row.id, attempt, err });
        this.stats.recordRetries++;
        this.o.health?.failed(err);
        await sleep(Math.min(RECORD_RETRY_MAX_MS, 100 * 2 ** Math.min(attempt, 5)));
        await this.o.health?.whenUp();
      }
    }
  }

  private async failed(row: OutboxRow, err: unknown): Promise<void> {
    const { store, log, clock } = this.o;
    const e = err instanceof DeliveryError ? err : new DeliveryError("TEMPORARY", (err as Error)?.message ?? String(err), { cause: err });
    const now = clock.now().getTime();
    if (e.code === "RATE_LIMITED") {
      this.stats.rateLimited++;
      await store.outbox.markRetry(row.id, e.message, new Date(now + (e.retryAfterMs ?? 1000)), false);
      log.warn("outbox.rate_limited", { id: row.id, chat: row.chatKey, retryAfterMs: e.retryAfterMs });
    } else if (e.code === "PERMANENT" || row.attempts + 1 >= this.o.maxAttempts) {
      this.stats.dead++;
      await store.outbox.markDead(row.id, e.message);
      log.error("outbox.dead", { id: row.id, platform: row.platform, chat: row.chatKey, attempts: row.attempts + 1, error: e.message });
    } else {
      this.stats.retried++;
      const delay = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** row.attempts) * (0.8 + Math.random() * 0.4);
      await store.outbox.markRetry(row.id, e.message, new Date(now + (e.retryAfterMs ?? delay)), true);
      log.warn("outbox.retry", { id: row.id, chat: row.chatKey, attempt: row.attempts + 1, error: e.message });
    }
  }
}

/** The `outbox.sent` event of a delivered message, if it carries a purpose. */
function sentEvent(row: OutboxRow, result: DeliveryResult): DeskEventMap["outbox.sent"] | null {
  const purpose = row.purpose as Record<string, JsonValue> | null | undefined;
  if (!purpose || typeof purpose !== "object" || Array.isArray(purpose) || typeof purpose.type !== "string") return null;
  return {
    purpose: purpose as DeskEventMap["outbox.sent"]["purpose"],
    platformMessageId: result.platformMessageId ?? null,
    meta: result.meta ?? null,
  };
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
