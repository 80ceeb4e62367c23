import type { Client } from "./client.ts";
import type { JsonValue, OutboxRow } from "./types.ts";

export interface OutboxInput {
  platform: string;
  chatKey: string;
  kind: string;
  payload: JsonValue;
  purpose?: JsonValue;
  /** deliver no earlier than this */
  notBefore?: Date;
}

/** Outbox table access. Delivery order per (platform, chatKey) is the id order. */
export class OutboxRepo {
  constructor(private readonly db: Client) {}

  async enqueue(items: OutboxInput[], now: Date): Promise<bigint[]> {
    if (!items.length) return [];
    const rows = await this.db.outboxMessage.createManyAndReturn({
      data: items.map((m) => ({
        platform: m.platform,
        chatKey: m.chatKey,
        kind: m.kind,
        payload: m.payload as any,
        purpose: (m.purpose ?? undefined) as any,
        createdAt: now,
        nextAttemptAt: m.notBefore ?? now,
      })),
      select: { id: true },
    });
    return rows.map((r) => r.id);
  }

  /**
   * Claims up to `limit` due messages for delivery, at most one per chat: a message is only
   * claimable when no earlier message to the same chat is still pending or being sent, so a
   * chat's messages go out in order even across processes (rows are locked with SKIP LOCKED).
   */
  claim(platforms: string[], limit: number, now: Date, leaseUntil: Date): Promise<OutboxRow[]> {
    // The head of each chat's queue in one pass (DISTINCT ON), instead of an "is there an
    // earlier one?" probe per pending row, which grew with the backlog.
    return this.db.$queryRaw<OutboxRow[]>`
      UPDATE "OutboxMessage" SET "status" = 'sending', "leaseUntil" = ${leaseUntil}
      WHERE "id" IN (
        SELECT o."id" FROM "OutboxMessage" o
        WHERE o."id" IN (
            SELECT DISTINCT ON (h."platform", h."chatKey") h."id" FROM "OutboxMessage" h
            WHERE h."status" IN ('pending', 'sending') AND h."platform" = ANY(${platforms})
            ORDER BY h."platform", h."chatKey", h."id")
          AND o."status" = 'pending' AND o."nextAttemptAt" <= ${now}
        ORDER BY o."id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`;
  }

  /** Messages whose sender died mid-delivery go back to pending (delivery is then at-least-once). */
  async releaseExpired(now: Date): Promise<number> {
    return this.db.outboxMessage
      .updateMany({
        where: { status: "sending", leaseUntil: { lt: now } },
        data: { status: "pending", leaseUntil: null },
      })
      .then((r) => r.count);
  }

  /** Extends the leases of messages this sender still holds (in its pacer or in flight). */
  async renew(ids: bigint[], leaseUntil: Date): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.db.outboxMessage.updateMany({ where: { id: { in: ids }, status: "sending" }, data: { leaseUntil } });
    return r.count;
  }

  /** Gives claimed messages back at once (a clean shutdown: they were not sent). */
  async release(ids: bigint[]): Promise<number> {
    if (!ids.length) return 0;
    const r = await this.db.outboxMessage.updateMany({
      where: { id: { in: ids }, status: "sending" },
      data: { status: "pending", leaseUntil: null },
    });
    return r.count;
  }

  async markSent(id: bigint, platformMessageId: string | undefined, now: Date): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        status: "sent",
        sentAt: now,
        platformMessageId: platformMessageId ?? null,
        leaseUntil: null,
        attempts: { increment: 1 },
        lastError: null,
      },
    });
  }

  async markRetry(id: bigint, error: string, nextAttemptAt: Date, countAttempt: boolean): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: {
        status: "pending",
        nextAttemptAt,
        leaseUntil: null,
        lastError: error.slice(0, 2000),
        ...(countAttempt ? { attempts: { increment: 1 } } : {}),
      },
    });
  }

  async markDead(id: bigint, error: string): Promise<void> {
    await this.db.outboxMessage.update({
      where: { id },
      data: { status: "dead", leaseUntil: null, lastError: error.slice(0, 2000), attempts: { increment: 1 } },
    });
  }

  get(id: bigint): Promise<OutboxRow | null> {
    return this.db.outboxMessage.findUnique({ where: { id } });
  }

  list(where: { status?: string; platform?: string; chatKey?: string }, limit = 100): Promise<OutboxRow[]> {
    return this.db.outboxMessage.findMany({ where, orderBy: { id: "asc" }, take: limit });
  }

  /** Moves dead messages back to pending (operator retry). */
  async revive(ids: bigint[] | "all", now: Date): Promise<number> {
    const r = await this.db.outboxMessage.updateMany({
      where: { status: "dead", ...(ids === "all" ? {} : { id: { in: ids } }) },
      data: { status: "pending", attempts: 0, nextAttemptAt: now },
    });
    return r.count;
  }

  /** Messages not yet sent (pending, sending) and dead, per platform. */
  async backlog(): Promise<{ platform: string; status: string; count: number }[]> {
    const rows = await this.db.outboxMessage.groupBy({
      by: ["platform", "status"],
      where: { status: { in: ["pending", "sending", "dead"] } },
      _count: { _all: true },
    });
    return rows.map((r) => ({ platform: r.platform, status: r.status, count: r._count._all }));
  }

  async stats(now: Date): Promise<{ pending: number; sending: number; dead: number; oldestPendingSec: number | null }> {
    const rows = await this.db.outboxMessage.groupBy({
      by: ["status"],
      where: { status: { in: ["pending", "sending", "dead"] } },
      _count: { _all: true },
      _min: { createdAt: true },
    });
    const get = (status: string) => rows.find((r) => r.status === status);
    const oldest = get("pending")?._min.createdAt;
    return {
      pending: get("pending")?._count._all ?? 0,
      sending: get("sending")?._count._all ?? 0,
      dead: get("dead")?._count._all ?? 0,
      oldestPendingSec: oldest ? Math.round((now.getTime() - oldest.getTime()) / 1000) : null,
    };
  }
}
