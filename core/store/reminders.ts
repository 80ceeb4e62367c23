import type { Client } from "./client.ts";
import type { ContractRow, CustomerRow, ProductRow, ReminderRow } from "./types.ts";

/** A reminder the scan found due (its key names the subject and the period). */
export interface ReminderInput {
  key: string;
  kind: string;
  customerId: number;
  productId?: number | null;
  contractId?: number | null;
  ticketId?: number | null;
  item?: string | null;
  /** "YYYY-MM-DD" */
  dueOn: string;
}

export type ReminderPatch = Partial<Pick<ReminderRow, "status" | "sentAt" | "answeredAt" | "claimedBy" | "cardChannel" | "cardTs">>;

/** Rows inserted in one statement (PostgreSQL's bind-parameter limit is 65535). */
const INSERT_CHUNK = 2000;

/**
 * Proactive reminders (事前控制), and the reads the reminder scan makes: linked customers'
 * contracts ending soon and their products with consumables or a warranty.
 */
export class ReminderRepo {
  constructor(private readonly db: Client) {}

  /**
   * Inserts the reminders not there yet (the key is unique: a subject and period is
   * reminded once, whichever desk process scans first). Returns the keys it created.
   */
  async insertMissing(rows: ReminderInput[], now: Date): Promise<string[]> {
    const created: string[] = [];
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const chunk = rows.slice(i, i + INSERT_CHUNK);
      const out = await this.db.$queryRaw<{ key: string }[]>`
        INSERT INTO "Reminder" ("key", "kind", "customerId", "productId", "contractId", "ticketId", "item", "dueOn", "status", "createdAt", "updatedAt")
        SELECT k, kd, c, p, ct, t, it, d::date, 'scheduled', ${now}, ${now}
        FROM unnest(
          ${chunk.map((r) => r.key)}::text[], ${chunk.map((r) => r.kind)}::text[], ${chunk.map((r) => r.customerId)}::int[],
          ${chunk.map((r) => r.productId ?? null)}::int[], ${chunk.map((r) => r.contractId ?? null)}::int[],
          ${chunk.map((r) => r.ticketId ?? null)}::int[], ${chunk.map((r) => r.item ?? null)}::text[], ${chunk.map((r) => r.dueOn)}::text[]
        ) AS x(k, kd, c, p, ct, t, it, d)
        ON CONFLICT ("key") DO NOTHING
        RETURNING "key"`;
      for (const r of out) created.push(r.key);
    }
    return created;
  }

  byId(id: number): Promise<ReminderRow | null> {
    return this.db.reminder.findUnique({ where: { id } });
  }

  byKey(key: string): Promise<ReminderRow | null> {
    return this.db.reminder.findUnique({ where: { key } });
  }

  /** Ids of reminders by key (after an insert). */
  async idsOf(keys: string[]): Promise<Map<string, number>> {
    const rows = await this.db.reminder.findMany({ where: { key: { in: keys } }, select: { id: true, key: true } });
    return new Map(rows.map((r) => [r.key, r.id]));
  }

  update(id: number, patch: ReminderPatch): Promise<ReminderRow> {
    return this.db.reminder.update({ where: { id }, data: patch });
  }

  /** Changes the status only from one of `from` (a double tap, or two staff, change it once). */
  async moveIf(id: number, from: string[], patch: ReminderPatch): Promise<ReminderRow | null> {
    const r = await this.db.reminder.updateMany({ where: { id, status: { in: from } }, data: patch });
    return r.count ? this.byId(id) : null;
  }

  /** A renewal task taken by one staff member (only while nobody has it). */
  async claim(id: number, userId: string): Promise<ReminderRow | null> {
    const r = await this.db.reminder.updateMany({ where: { id, status: "renewal", claimedBy: null }, data: { claimedBy: userId } });
    return r.count ? this.byId(id) : null;
  }

  /** The customer's reminders, newest first. */
  ofCustomer(customerId: number, limit = 20): Promise<ReminderRow[]> {
    return this.db.reminder.findMany({ where: { customerId }, orderBy: { id: "desc" }, take: limit });
  }

  /** Reminders of a kind about one contract or product (any period). */
  about(kind: string, subject: { contractId?: number; productId?: number }): Promise<ReminderRow[]> {
    return this.db.reminder.findMany({ where: { kind, ...subject }, orderBy: { id: "desc" } });
  }

  /** Contracts ending in [from, to] (days), with their customer; `linkedOnly`: customers on Telegram. */
  contractsEnding(
    from: Date,
    to: Date,
    o: { linkedOnly?: boolean; customerId?: number } = {},
  ): Promise<(ContractRow & { customer: CustomerRow })[]> {
    return this.db.contract.findMany({
      where: {
        endsOn: { gte: from, lte: to },
        ...(o.customerId ? { customerId: o.customerId } : {}),
        ...(o.linkedOnly ? { customer: { telegramChatId: { not: null } } } : {}),
      },
      include: { customer: true },
      orderBy: [{ endsOn: "asc" }, { id: "asc" }],
    });
  }

  /**
   * Products of these categories, with their customer, a page at a time (by id);
   * `linkedOnly`: customers on Telegram.
   */
  productsPage(
    categories: string[],
    afterId: number,
    limit: number,
    o: { linkedOnly?: boolean; customerId?: number } = {},
  ): Promise<(ProductRow & { customer: CustomerRow })[]> {
    return this.db.product.findMany({
      where: {
        id: { gt: afterId },
        category: { in: categories },
        ...(o.customerId ? { customerId: o.customerId } : {}),
        ...(o.linkedOnly ? { customer: { telegramChatId: { not: null } } } : {}),
      },
      include: { customer: true },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  contract(id: number): Promise<ContractRow | null> {
    return this.db.contract.findUnique({ where: { id } });
  }

  contractByNumber(number: string): Promise<ContractRow | null> {
    return this.db.contract.findUnique({ where: { number } });
  }

  product(id: number): Promise<ProductRow | null> {
    return this.db.product.findUnique({ where: { id } });
  }

  /** The contract's end notice went out. */
  async contractNoticed(contractId: number, now: Date): Promise<void> {
    await this.db.contract.update({ where: { id: contractId }, data: { expiryNoticeAt: now } });
  }

  /** A renewed contract: its new end (a new period, so a new notice in time). */
  renewContract(contractId: number, endsOn: Date): Promise<ContractRow> {
    return this.db.contract.update({ where: { id: contractId }, data: { endsOn, expiryNoticeAt: null } });
  }

  /** Open reminders of a product's consumable (replaced: they no longer apply). */
  async closeConsumable(productId: number, item: string, status: string, now: Date): Promise<number> {
    const r = await this.db.reminder.updateMany({
      where: { kind: "consumable", productId, item, status: { in: ["scheduled", "sent", "snoozed", "booked"] } },
      data: { status, answeredAt: now },
    });
    return r.count;
  }

  /** A product the customer added themselves (`source` "customer" until staff confirm it). */
  createProduct(input: { customerId: number; category: string; model: string | null; purchaseDate: Date | null }): Promise<ProductRow> {
    return this.db.product.create({ data: { ...input, source: "customer" } });
  }

  /** Staff confirmed a product the customer added. */
  async confirmProduct(id: number): Promise<ProductRow | null> {
    const r = await this.db.product.updateMany({ where: { id, source: "customer" }, data: { source: "staff" } });
    return r.count ? this.product(id) : null;
  }

  /** Records that a consumable of a product was replaced on `day` ("YYYY-MM-DD"). */
  async consumableReplaced(productId: number, item: string, day: string): Promise<void> {
    await this.db.$executeRaw`
      UPDATE "Product" SET "consumablesChangedOn" = "consumablesChangedOn" || jsonb_build_object(${item}::text, ${day}::text)
      WHERE "id" = ${productId}`;
  }

  /** Sets the kinds of reminders a customer turned off. */
  setNotifyOff(customerId: number, kinds: string[]): Promise<CustomerRow> {
    return this.db.customer.update({ where: { id: customerId }, data: { notifyOff: kinds } });
  }
}
