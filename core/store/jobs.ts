import type { Client } from "./client.ts";
import type { JobRow, JsonValue } from "./types.ts";

export interface JobInput {
  kind: string;
  /** unique: scheduling the same key twice keeps the first (use reschedule to move it) */
  key: string;
  runAt: Date;
  data?: JsonValue;
}

/** Durable scheduled work. */
export class JobRepo {
  constructor(private readonly db: Client) {}

  /** Schedules a job unless one with the same key exists. Returns whether it was created. */
  async schedule(j: JobInput, now: Date): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ id: bigint }[]>`
      INSERT INTO "Job" ("kind", "key", "runAt", "data", "status", "createdAt")
      VALUES (${j.kind}, ${j.key}, ${j.runAt}, ${JSON.stringify(j.data ?? {})}::jsonb, 'pending', ${now})
      ON CONFLICT ("key") DO NOTHING
      RETURNING "id"`;
    return rows.length > 0;
  }

  /**
   * Schedules many jobs in one statement per chunk, skipping keys that exist (the reminder
   * scan: thousands at once). Returns how many were created.
   */
  async scheduleMany(jobs: JobInput[], now: Date): Promise<number> {
    let created = 0;
    for (let i = 0; i < jobs.length; i += 2000) {
      const chunk = jobs.slice(i, i + 2000);
      created += await this.db.$executeRaw`
        INSERT INTO "Job" ("kind", "key", "runAt", "data", "status", "createdAt")
        SELECT k, ky, r, d::jsonb, 'pending', ${now}
        FROM unnest(${chunk.map((j) => j.kind)}::text[], ${chunk.map((j) => j.key)}::text[],
          ${chunk.map((j) => j.runAt.toISOString())}::timestamp(3)[], ${chunk.map((j) => JSON.stringify(j.data ?? {}))}::text[]) AS x(k, ky, r, d)
        ON CONFLICT ("key") DO NOTHING`;
    }
    return created;
  }

  /** Creates or moves a pending job (a done or running one is left alone). */
  async reschedule(j: JobInput, now: Date): Promise<void> {
    await this.db.$executeRaw`
      INSERT INTO "Job" ("kind", "key", "runAt", "data", "status", "createdAt")
      VALUES (${j.kind}, ${j.key}, ${j.runAt}, ${JSON.stringify(j.data ?? {})}::jsonb, 'pending', ${now})
      ON CONFLICT ("key") DO UPDATE SET "runAt" = EXCLUDED."runAt", "data" = EXCLUDED."data"
      WHERE "Job"."status" = 'pending'`;
  }

  /** Cancels pending jobs whose key starts with `prefix`. */
  async cancelPrefix(prefix: string): Promise<number> {
    const r = await this.db.job.updateMany({ where: { key: { startsWith: prefix }, status: "pending" }, data: { status: "cancelled" } });
    return r.count;
  }

  /**
   * Claims due jobs for `owner` (and jobs whose runner's lease ran out), earliest first;
   * SKIP LOCKED keeps two runners from taking the same job.
   */
  claim(owner: string, now: Date, leaseUntil: Date, limit: number): Promise<JobRow[]> {
    return this.db.$queryRaw<JobRow[]>`
      UPDATE "Job" SET "status" = 'running', "lockedBy" = ${owner}, "lockedUntil" = ${leaseUntil}, "attempts" = "attempts" + 1
      WHERE "id" IN (
        SELECT "id" FROM "Job"
        WHERE ("status" = 'pending' AND "runAt" <= ${now}) OR ("status" = 'running' AND "lockedUntil" < ${now})
        ORDER BY "runAt", "id"
        LIMIT ${limit}
        FOR UPDATE SKIP LOCKED)
      RETURNING *`;
  }

  /** Marks a job done if `owner` still holds it; false means another runner took it over. */
  async finish(id: bigint, owner: string, now: Date): Promise<boolean> {
    const rows = await this.db.$queryRaw<{ id: bigint }[]>`
      UPDATE "Job" SET "status" = 'done', "doneAt" = ${now}, "lockedBy" = NULL, "lockedUntil" = NULL, "lastError" = NULL
      WHERE "id" = ${id} AND "status" = 'running' AND "lockedBy" = ${owner}
      RETURNING "id"`;
    return rows.length > 0;
  }

  async fail(id: bigint, owner: string, error: string, retryAt: Date | null): Promise<void> {
    await this.db.job.updateMany({
      where: { id, status: "running", lockedBy: owner },
      data: retryAt
        ? { status: "pending", runAt: retryAt, lockedBy: null, lockedUntil: null, lastError: error.slice(0, 2000) }
        : { status: "failed", lockedBy: null, lockedUntil: null, lastError: error.slice(0, 2000) },
    });
  }

  byKey(key: string): Promise<JobRow | null> {
    return this.db.job.findUnique({ where: { key } });
  }

  list(where: { status?: string; kind?: string; keyPrefix?: string } = {}): Promise<JobRow[]> {
    return this.db.job.findMany({
      where: { status: where.status, kind: where.kind, ...(where.keyPrefix ? { key: { startsWith: where.keyPrefix } } : {}) },
      orderBy: [{ runAt: "asc" }, { id: "asc" }],
    });
  }

  /** The earliest pending run time (for the runner's sleep). */
  async nextRunAt(): Promise<Date | null> {
    const j = await this.db.job.findFirst({ where: { status: "pending" }, orderBy: { runAt: "asc" }, select: { runAt: true } });
    return j?.runAt ?? null;
  }
}
