/**
 * The data layer. This folder is the only one that imports Prisma; everything else uses the
 * repositories below through {@link Store}.
 *
 * @example
 * ```ts
 * const store = await Store.open({ kind: "pglite", dataDir: "./data/pglite" });
 * await store.tx(async (tx) => {
 *   const customer = await tx.customers.upsertTelegram({ userId: "42", chatId: "42", lang: "zh-CN" });
 *   await tx.outbox.enqueue([{ platform: "telegram", chatKey: "42", kind: "send", payload: { card: { body: "hi" } } }], new Date());
 * });
 * await store.close();
 * ```
 */
import type { Client } from "./client.ts";
import { CustomerRepo } from "./customers.ts";
import { openDb, type Db, type DbTarget, type SqlRunner } from "./db.ts";
import { ComplaintRepo, SurveyRepo } from "./complaints.ts";
import { InboxRepo } from "./inbox.ts";
import { JobRepo } from "./jobs.ts";
import { KbRepo } from "./kb.ts";
import { OutboxRepo } from "./outbox.ts";
import { RecordRepo } from "./records.ts";
import { BackupError } from "./backup.ts";
import { ReminderRepo } from "./reminders.ts";
import { ReportRepo } from "./reports.ts";
import { SettingRepo } from "./settings.ts";
import { SavedReplyRepo } from "./saved-replies.ts";
import { StaffRepo } from "./staff.ts";
import { TicketRepo } from "./tickets.ts";

export { BackupError, restoreEmbedded, type RestoreOutcome } from "./backup.ts";
export { DbError, dbTargetOf, type DbTarget, type SqlRunner } from "./db.ts";
export type * from "./types.ts";
export type { Actor, NewTicket, TicketPatch } from "./tickets.ts";
export type { OutboxInput } from "./outbox.ts";
export type { InboundInput } from "./inbox.ts";
export { AdvisoryLock } from "./leader.ts";
export type { KbEntryInput } from "./kb.ts";
export type { JobInput } from "./jobs.ts";
export type { ComplaintPatch, SurveyPatch } from "./complaints.ts";
export type { TelegramIdentity, ProfilePatch } from "./customers.ts";
export type { ReminderInput, ReminderPatch } from "./reminders.ts";
export type { ContractFileInput, CustomerFileInput, ProductFileInput, UpsertOutcome } from "./records.ts";

/** Interactive transactions wait and run this long at most (PGlite serialises them). */
const TX_OPTIONS = { maxWait: 60_000, timeout: 60_000 };

export class Store {
  readonly customers: CustomerRepo;
  readonly tickets: TicketRepo;
  readonly inbox: InboxRepo;
  readonly outbox: OutboxRepo;
  readonly kb: KbRepo;
  readonly settings: SettingRepo;
  readonly staff: StaffRepo;
  readonly jobs: JobRepo;
  readonly complaints: ComplaintRepo;
  readonly surveys: SurveyRepo;
  readonly reports: ReportRepo;
  readonly records: RecordRepo;
  readonly reminders: ReminderRepo;
  readonly savedReplies: SavedReplyRepo;

  private constructor(
    private readonly db: Db,
    private readonly client: Client,
    private readonly inTx: boolean,
  ) {
    this.customers = new CustomerRepo(client);
    this.tickets = new TicketRepo(client);
    this.inbox = new InboxRepo(client);
    this.outbox = new OutboxRepo(client);
    this.kb = new KbRepo(client);
    this.settings = new SettingRepo(client);
    this.staff = new StaffRepo(client);
    this.jobs = new JobRepo(client);
    this.complaints = new ComplaintRepo(client);
    this.surveys = new SurveyRepo(client);
    this.reports = new ReportRepo(client, inTx ? null : db.sql, db.target.kind === "postgres");
    this.records = new RecordRepo(client);
    this.reminders = new ReminderRepo(client);
    this.savedReplies = new SavedReplyRepo(client);
  }

  /** Opens the database (applying migrations) and returns a store on it. */
  static async open(target: DbTarget): Promise<Store> {
    const db = await openDb(target);
    return new Store(db, db.prisma, false);
  }

  get target(): DbTarget {
    return this.db.target;
  }

  get appliedMigrations(): string[] {
    return this.db.migrations.applied;
  }

  /** Plain SQL on the underlying driver (migrations, maintenance, test fixtures). */
  get sql(): SqlRunner {
    return this.db.sql;
  }

  /** Runs `fn` in one transaction; nested calls join the outer transaction. */
  tx<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.inTx) return fn(this);
    return this.db.prisma.$transaction((client) => fn(new Store(this.db, client, true)), TX_OPTIONS);
  }

  /** Takes a transaction-scoped advisory lock on a string key (serialises work per key). */
  async lockKey(key: string): Promise<void> {
    // (selected FROM the function: its void result cannot be read back as a column)
    await this.client.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${key}, 0))`;
  }

  /**
   * A consistent copy of the embedded database, as a gzip'd tarball of its data folder, taken
   * while the desk runs (restore it with {@link restoreEmbedded}). On PostgreSQL it throws
   * {@link BackupError} `BACKUP_NOT_EMBEDDED`: pg_dump does that job.
   *
   * @example
   * ```ts
   * writeFileSync("backup.tgz", await store.backup());
   * ```
   */
  async backup(): Promise<Uint8Array> {
    if (!this.db.backup) throw new BackupError("BACKUP_NOT_EMBEDDED", "the desk uses PostgreSQL: back it up with pg_dump");
    return this.db.backup();
  }

  /** Whether the database answers. */
  async ping(): Promise<boolean> {
    try {
      await this.client.$queryRaw`SELECT 1`;
      return true;
    } catch {
      return false;
    }
  }

  close(): Promise<void> {
    return this.db.close();
  }
}
