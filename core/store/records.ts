import type { Client } from "./client.ts";
import type { ContractRow, CustomerRow, ProductRow } from "./types.ts";

/** What an upsert did with one record. */
export type UpsertOutcome = "created" | "updated" | "unchanged";

/** A customer file as the shop's records give it (the phone is the key). */
export interface CustomerFileInput {
  phone: string;
  name?: string;
  address?: string;
  area?: string;
  tier?: string;
}

/** A product as the shop's records give it. */
export interface ProductFileInput {
  customerId: number;
  category: string;
  model?: string;
  serialNo?: string;
  purchaseDate?: Date;
  installDate?: Date;
  lastConsumableChange?: Date;
}

/** A maintenance contract as the shop's records give it (the contract number is the key). */
export interface ContractFileInput {
  number: string;
  customerId: number;
  category: string;
  model?: string;
  startsOn: Date;
  endsOn: Date;
}

/** How many rows an export reads at a time. */
const EXPORT_PAGE = 1000;

const day = (d: Date | null | undefined): string | null => (d ? d.toISOString().slice(0, 10) : null);

/** Fields of `patch` whose value differs from `row` (dates compared by day). */
function changed<T extends Record<string, unknown>>(row: Record<string, unknown>, patch: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    const before = row[k];
    const same = v instanceof Date || before instanceof Date ? day(before as Date) === day(v as Date) : before === v;
    if (!same) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/**
 * The shop's records: customer files (imported, or vouched for by Telegram), their products
 * and maintenance contracts; linking a Telegram customer to a file; lists for export and
 * for staff look-ups.
 */
export class RecordRepo {
  constructor(private readonly db: Client) {}

  /** The customer file the shop's records know by this phone number, if any. */
  fileByPhone(phone: string): Promise<CustomerRow | null> {
    return this.db.customer.findUnique({ where: { recordPhone: phone } });
  }

  /** Upserts a customer file by phone; empty fields leave what the file already says. */
  async upsertCustomer(input: CustomerFileInput): Promise<{ outcome: UpsertOutcome; customer: CustomerRow }> {
    const existing = await this.fileByPhone(input.phone);
    const fields = { name: input.name, address: input.address, area: input.area, tier: input.tier };
    if (!existing) {
      const customer = await this.db.customer.create({
        data: { recordPhone: input.phone, phone: input.phone, source: "import", ...fields },
      });
      return { outcome: "created", customer };
    }
    const patch = changed(existing, { ...fields, phone: existing.phone ? undefined : input.phone });
    if (!Object.keys(patch).length) return { outcome: "unchanged", customer: existing };
    return { outcome: "updated", customer: await this.db.customer.update({ where: { id: existing.id }, data: patch }) };
  }

  /**
   * Upserts a product: by serial number when it has one, else by the customer, category and
   * model. A serial number found under another customer moves the product to this one (the
   * shop's records say who owns it now).
   */
  async upsertProduct(input: ProductFileInput): Promise<{ outcome: UpsertOutcome; product: ProductRow }> {
    const existing = input.serialNo
      ? await this.db.product.findFirst({ where: { serialNo: input.serialNo }, orderBy: { id: "asc" } })
      : await this.db.product.findFirst({
          where: { customerId: input.customerId, category: input.category, model: input.model ?? null },
          orderBy: { id: "asc" },
        });
    const fields = {
      customerId: input.customerId,
      category: input.category,
      model: input.model,
      serialNo: input.serialNo,
      purchaseDate: input.purchaseDate,
      installDate: input.installDate,
      filterChangedAt: input.lastConsumableChange,
    };
    if (!existing) {
      const product = await this.db.product.create({ data: { ...fields, model: input.model ?? null, source: "import" } });
      return { outcome: "created", product };
    }
    const patch = changed(existing, fields);
    if (!Object.keys(patch).length) return { outcome: "unchanged", product: existing };
    return { outcome: "updated", product: await this.db.product.update({ where: { id: existing.id }, data: patch }) };
  }

  /**
   * Upserts a contract by its number, tied to the customer's product of that category (and
   * model, when given) if the records have one. A new end date starts a new contract period.
   */
  async upsertContract(input: ContractFileInput): Promise<{ outcome: UpsertOutcome; contract: ContractRow }> {
    const product = await this.db.product.findFirst({
      where: { customerId: input.customerId, category: input.category, ...(input.model ? { model: input.model } : {}) },
      orderBy: { id: "asc" },
    });
    const fields = {
      customerId: input.customerId,
      category: input.category,
      model: input.model,
      startsOn: input.startsOn,
      endsOn: input.endsOn,
      productId: product?.id,
    };
    const existing = await this.db.contract.findUnique({ where: { number: input.number } });
    if (!existing) {
      const contract = await this.db.contract.create({ data: { ...fields, number: input.number } });
      return { outcome: "created", contract };
    }
    const patch = changed(existing, fields);
    if (!Object.keys(patch).length) return { outcome: "unchanged", contract: existing };
    const newPeriod = "endsOn" in patch ? { expiryNoticeAt: null } : {};
    return {
      outcome: "updated",
      contract: await this.db.contract.update({ where: { id: existing.id }, data: { ...patch, ...newPeriod } }),
    };
  }

  /** The customer's products, oldest first. */
  productsOf(customerId: number): Promise<ProductRow[]> {
    return this.db.product.findMany({ where: { customerId }, orderBy: { id: "asc" } });
  }

  /** One product, only if it belongs to this customer. */
  productOf(customerId: number, productId: number): Promise<ProductRow | null> {
    return this.db.product.findFirst({ where: { id: productId, customerId } });
  }

  /** The customer's contracts, by end date. */
  contractsOf(customerId: number): Promise<ContractRow[]> {
    return this.db.contract.findMany({ where: { customerId }, orderBy: [{ endsOn: "asc" }, { id: "asc" }] });
  }

  /**
   * The contract that covers a job on `at`: the customer's contract for the category that is
   * active that day, either for this very product or for the category as a whole.
   */
  activeContract(customerId: number, cover: { category: string; productId?: number | null }, at: Date): Promise<ContractRow | null> {
    const today = new Date(at.toISOString().slice(0, 10) + "T00:00:00Z");
    return this.db.contract.findFirst({
      where: {
        customerId,
        category: cover.category,
        startsOn: { lte: today },
        endsOn: { gte: today },
        OR: [{ productId: null }, ...(cover.productId ? [{ productId: cover.productId }] : [])],
      },
      orderBy: [{ endsOn: "desc" }, { id: "asc" }],
    });
  }

  /** Marks the customer's file as known by this phone number (vouched for by Telegram or staff). */
  setRecordPhone(customerId: number, phone: string, now: Date): Promise<CustomerRow> {
    return this.db.customer.update({ where: { id: customerId }, data: { recordPhone: phone, phone, linkedAt: now } });
  }

  /**
   * Links a Telegram customer to an imported file: the file's products, contracts and any
   * tickets move to the Telegram customer, who takes the file's phone and its name, address,
   * area and tier (where the file has them); the emptied file is removed. One transaction
   * (the caller's).
   */
  async linkFile(fileId: number, customerId: number, now: Date): Promise<CustomerRow> {
    const file = await this.db.customer.findUniqueOrThrow({ where: { id: fileId } });
    await this.db.product.updateMany({ where: { customerId: fileId }, data: { customerId } });
    await this.db.contract.updateMany({ where: { customerId: fileId }, data: { customerId } });
    await this.db.ticket.updateMany({ where: { customerId: fileId }, data: { customerId } });
    await this.db.reminder.updateMany({ where: { customerId: fileId }, data: { customerId } });
    await this.db.customer.delete({ where: { id: fileId } });
    return this.db.customer.update({
      where: { id: customerId },
      data: {
        recordPhone: file.recordPhone,
        phone: file.recordPhone ?? file.phone,
        linkedAt: now,
        ...(file.name ? { name: file.name } : {}),
        ...(file.address ? { address: file.address } : {}),
        ...(file.area ? { area: file.area } : {}),
        ...(file.tier !== "standard" ? { tier: file.tier } : {}),
      },
    });
  }

  /** Customers whose phone or name matches, files first, at most `limit`. */
  findCustomers(query: { phone?: string; name?: string }, limit = 5): Promise<CustomerRow[]> {
    const or = [
      ...(query.phone ? [{ recordPhone: query.phone }, { phone: query.phone }] : []),
      ...(query.name ? [{ name: { contains: query.name, mode: "insensitive" as const } }] : []),
    ];
    if (!or.length) return Promise.resolve([]);
    return this.db.customer.findMany({ where: { OR: or }, orderBy: [{ recordPhone: "asc" }, { id: "asc" }], take: limit });
  }

  /** Customers with a phone, a page at a time (by id), for export. */
  customersPage(afterId: number, limit = EXPORT_PAGE): Promise<CustomerRow[]> {
    return this.db.customer.findMany({
      where: { id: { gt: afterId }, OR: [{ recordPhone: { not: null } }, { phone: { not: null } }] },
      orderBy: { id: "asc" },
      take: limit,
    });
  }

  /** Products with their owner's phones, a page at a time (by id), for export. */
  productsPage(afterId: number, limit = EXPORT_PAGE): Promise<(ProductRow & { customer: CustomerRow })[]> {
    return this.db.product.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit, include: { customer: true } });
  }

  /** Contracts with their owner, a page at a time (by id), for export. */
  contractsPage(afterId: number, limit = EXPORT_PAGE): Promise<(ContractRow & { customer: CustomerRow })[]> {
    return this.db.contract.findMany({ where: { id: { gt: afterId } }, orderBy: { id: "asc" }, take: limit, include: { customer: true } });
  }
}
