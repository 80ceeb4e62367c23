import type { Client } from "./client.ts";
import type { ConversationRow, CustomerRow, JsonValue } from "./types.ts";

export interface TelegramIdentity {
  userId: string;
  chatId: string;
  displayName?: string;
  lang: string;
}

export type ProfilePatch = Partial<Pick<CustomerRow, "name" | "phone" | "address" | "area" | "lang" | "langChosen" | "tier">>;

/** Customers (客户档案) and their in-progress conversations. */
export class CustomerRepo {
  constructor(private readonly db: Client) {}

  /**
   * Finds or creates the customer for a Telegram user. The language follows Telegram's
   * language_code until the customer chooses one with /lang.
   */
  async upsertTelegram(who: TelegramIdentity): Promise<CustomerRow> {
    const existing = await this.db.customer.findUnique({ where: { telegramUserId: who.userId } });
    if (!existing) {
      return this.db.customer.create({
        data: { telegramUserId: who.userId, telegramChatId: who.chatId, displayName: who.displayName, lang: who.lang },
      });
    }
    const patch: ProfilePatch & { telegramChatId?: string; displayName?: string } = {};
    if (existing.telegramChatId !== who.chatId) patch.telegramChatId = who.chatId;
    if (who.displayName && existing.displayName !== who.displayName) patch.displayName = who.displayName;
    if (!existing.langChosen && existing.lang !== who.lang) patch.lang = who.lang;
    if (!Object.keys(patch).length) return existing;
    return this.db.customer.update({ where: { id: existing.id }, data: patch });
  }

  get(id: number): Promise<CustomerRow | null> {
    return this.db.customer.findUnique({ where: { id } });
  }

  byTelegramUser(userId: string): Promise<CustomerRow | null> {
    return this.db.customer.findUnique({ where: { telegramUserId: userId } });
  }

  update(id: number, patch: ProfilePatch): Promise<CustomerRow> {
    return this.db.customer.update({ where: { id }, data: patch });
  }

  conversation(customerId: number): Promise<ConversationRow | null> {
    return this.db.conversation.findUnique({ where: { customerId } });
  }

  async setConversation(customerId: number, flow: string, step: string, data: JsonValue): Promise<void> {
    await this.db.conversation.upsert({
      where: { customerId },
      create: { customerId, flow, step, data: data as any },
      update: { flow, step, data: data as any },
    });
  }

  async clearConversation(customerId: number): Promise<void> {
    await this.db.conversation.deleteMany({ where: { customerId } });
  }

  /** Whether the customer has a maintenance contract for the category active on `at`. */
  async hasActiveContract(customerId: number, category: string, at: Date): Promise<boolean> {
    const day = new Date(at.toISOString().slice(0, 10) + "T00:00:00Z");
    const n = await this.db.contract.count({
      where: { customerId, category, startsOn: { lte: day }, endsOn: { gte: day } },
    });
    return n > 0;
  }

  async addContract(input: {
    customerId: number;
    category: string;
    model?: string;
    number?: string;
    startsOn: Date;
    endsOn: Date;
    productId?: number;
  }) {
    return this.db.contract.create({ data: input });
  }

  /** The customer's product of that category and model, created on first mention. */
  async productFor(customerId: number, category: string, model: string | null, purchaseDate: Date | null) {
    const found = await this.db.product.findFirst({
      where: { customerId, category, model: model ?? null },
      orderBy: { id: "desc" },
    });
    if (found) {
      if (purchaseDate && !found.purchaseDate) {
        return this.db.product.update({ where: { id: found.id }, data: { purchaseDate } });
      }
      return found;
    }
    return this.db.product.create({ data: { customerId, category, model, purchaseDate } });
  }
}
