import type { Client } from "./client.ts";
import type { InboundRow } from "./types.ts";

export interface InboundInput {
  platform: string;
  externalId: string;
  chatKey: string;
  payload: unknown;
  /** the request as received, kept (base64) when the payload had to be cleaned to be stored */
  raw?: Buffer;
  /** set when the update has a shape the desk cannot act on: stored as 'invalid', never processed */
  invalid?: string;
}

/** Inbox table access: every inbound update persisted before it is acknowledged. */
export class InboxRepo {
  constructor(private readonly db: Client) {}

  /**
   * Persists an inbound update unless one with the same (platform, externalId) exists.
   * Returns the new row id, or null for a duplicate.
   */
  async accept(input: InboundInput, now: Date): Promise<bigint | null> {
    const status = input.invalid ? "invalid" : "pending";
    const raw = input.raw ? input.raw.toString("base64") : null;
    const error = input.invalid ? input.invalid.slice(0, 2000) : null;
    const rows = await this.db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "InboundEvent" ("platform", "externalId", "chatKey", "payload", "raw", "status", "error", "receivedAt", "nextAttemptAt", "processedAt")
      VALUES (${input.platform}, ${input.externalId}, ${input.chatKey}, ${JSON.stringify(input.payload)}::jsonb, ${raw}, ${status}, ${error}, ${now}, ${now},
        ${input.invalid ? now : null})
      ON CONFLICT ("platform", "externalId") DO NOTHING
      RETURNING "id"`;
    return rows[0]?.id ?? null;
  }

  /** Pending events that are due, oldest first. */
  due(now: Date, limit: number): Promise<InboundRow[]> {
    return this.db.inboundEvent.findMany({
      where: { status: "pending", nextAttemptAt: { lte: now } },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  get(id: bigint): Promise<InboundRow | null> {
    return this.db.inboundEvent.findUnique({ where: { id } });
  }

  /**
   * Locks the row for the rest of the transaction and says whether it still needs processing.
   * Call inside a transaction; a concurrent processor of the same event waits here.
   */
  async lockPending(id: bigint): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ status: string }[]>`
      SELECT "status" FROM "InboundEvent" WHERE "id" = ${id} FOR UPDATE`;
    return rows[0]?.status === "pending";
  }

  async markDone(id: bigint, now: Date): Promise<void> {
    await this.db.inboundEvent.update({ where: { id }, data: { status: "done", processedAt: now, error: null } });
  }

  /** Marks an event that cannot be acted on (its shape is wrong): never retried, never blocks its chat. */
  async markInvalid(id: bigint, reason: string, now: Date): Promise<void> {
    await this.db.inboundEvent.updateMany({
      where: { id, status: "pending" },
      data: { status: "invalid", attempts: { increment: 1 }, error: reason.slice(0, 2000), processedAt: now },
    });
  }

  /** Schedules another try (or gives up); an event that was marked done meanwhile stays done. */
  async markRetry(id: bigint, error: string, nextAttemptAt: Date, final: boolean): Promise<void> {
    await this.db.inboundEvent.updateMany({
      where: { id, status: "pending" },
      data: { attempts: { increment: 1 }, error: error.slice(0, 2000), nextAttemptAt, status: final ? "failed" : "pending" },
    });
  }

  /** When the oldest update still waiting to be processed arrived (null: none waits). */
  async oldestPending(): Promise<Date | null> {
    const r = await this.db.inboundEvent.aggregate({ where: { status: "pending" }, _min: { receivedAt: true } });
    return r._min.receivedAt ?? null;
  }

  async counts(): Promise<{ pending: number; failed: number; invalid: number }> {
    const rows = await this.db.inboundEvent.groupBy({
      by: ["status"],
      _count: { _all: true },
      where: { status: { in: ["pending", "failed", "invalid"] } },
    });
    const get = (status: string) => rows.find((r) => r.status === status)?._count._all ?? 0;
    return { pending: get("pending"), failed: get("failed"), invalid: get("invalid") };
  }
}
