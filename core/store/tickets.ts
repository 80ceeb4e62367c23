import type { Client } from "./client.ts";
import type { AttachmentRow, JsonValue, TicketEventRow, TicketMessageRow, TicketRow } from "./types.ts";

export interface NewTicket {
  customerId: number;
  productId?: number | null;
  kind: string;
  category?: string | null;
  model?: string | null;
  purchaseDate?: Date | null;
  purchaseUnknown?: boolean;
  description: string;
  feeType: string;
  feeReason?: string;
  status: string;
  lang: string;
  area?: string | null;
  tier?: string;
  parentId?: number | null;
}

export interface Actor {
  type: "customer" | "staff" | "system";
  id?: string;
}

export type TicketPatch = Partial<Omit<TicketRow, "id" | "ref" | "customerId" | "createdAt" | "updatedAt">>;

/** Tickets, their audit log, messages and attachments. */
export class TicketRepo {
  constructor(private readonly db: Client) {}

  async create(fields: NewTicket, actor: Actor, now: Date): Promise<TicketRow> {
    const ticket = await this.db.ticket.create({ data: { ...fields, createdAt: now } });
    await this.db.ticketEvent.create({
      data: { ticketId: ticket.id, at: now, actorType: actor.type, actorId: actor.id, type: "created", toStatus: fields.status },
    });
    return ticket;
  }

  /** How many tickets belong to customers whose Telegram id does not start with `prefix`. */
  countExceptCustomers(prefix: string): Promise<number> {
    return this.db.ticket.count({ where: { customer: { NOT: { telegramUserId: { startsWith: prefix } } } } });
  }

  byId(id: number): Promise<TicketRow | null> {
    return this.db.ticket.findUnique({ where: { id } });
  }

  byRef(ref: number): Promise<TicketRow | null> {
    return this.db.ticket.findUnique({ where: { ref } });
  }

  /** A ticket by reference, only if it belongs to this customer. */
  byRefForCustomer(ref: number, customerId: number): Promise<TicketRow | null> {
    return this.db.ticket.findFirst({ where: { ref, customerId } });
  }

  listForCustomer(customerId: number, limit = 10): Promise<TicketRow[]> {
    return this.db.ticket.findMany({ where: { customerId }, orderBy: { id: "desc" }, take: limit });
  }

  /** The customer's most recently updated ticket in one of `statuses`. */
  latestForCustomer(customerId: number, statuses: readonly string[]): Promise<TicketRow | null> {
    return this.db.ticket.findFirst({
      where: { customerId, status: { in: [...statuses] } },
      orderBy: [{ updatedAt: "desc" }, { id: "desc" }],
    });
  }

  /**
   * Moves a ticket from one status to another only if it is still in `from` (so two racing
   * actors cannot both win), patches fields, and writes the audit event. Returns the updated
   * ticket, or null if the ticket was not in an allowed `from` status.
   */
  async transition(
    id: number,
    from: readonly string[],
    to: string,
    actor: Actor,
    now: Date,
    opts: { patch?: TicketPatch; type?: string; data?: JsonValue } = {},
  ): Promise<TicketRow | null> {
    const current = await this.db.ticket.findUnique({ where: { id }, select: { status: true } });
    if (!current || !from.includes(current.status)) return null;
    const r = await this.db.ticket.updateMany({
      where: { id, status: current.status },
      data: { ...(opts.patch ?? {}), status: to, updatedAt: now } as any,
    });
    if (r.count !== 1) return null;
    await this.db.ticketEvent.create({
      data: {
        ticketId: id,
        at: now,
        actorType: actor.type,
        actorId: actor.id,
        type: opts.type ?? "status",
        fromStatus: current.status,
        toStatus: to,
        data: (opts.data ?? undefined) as any,
      },
    });
    return this.db.ticket.findUnique({ where: { id } });
  }

  async patch(id: number, patch: TicketPatch): Promise<TicketRow> {
    return this.db.ticket.update({ where: { id }, data: patch as any });
  }

  async event(ticketId: number, type: string, actor: Actor, now: Date, data?: JsonValue): Promise<void> {
    await this.db.ticketEvent.create({
      data: { ticketId, at: now, actorType: actor.type, actorId: actor.id, type, data: (data ?? undefined) as any },
    });
  }

  events(ticketId: number): Promise<TicketEventRow[]> {
    return this.db.ticketEvent.findMany({ where: { ticketId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
  }

  async addMessage(
    ticketId: number,
    author: "customer" | "staff" | "note" | "bot",
    text: string,
    now: Date,
    opts: { authorId?: string; photos?: { fileId: string; caption?: string; platform: string }[] } = {},
  ): Promise<TicketMessageRow> {
    const msg = await this.db.ticketMessage.create({
      data: { ticketId, author, authorId: opts.authorId, text, createdAt: now },
    });
    if (opts.photos?.length) {
      await this.db.attachment.createMany({
        data: opts.photos.map((p) => ({
          ticketId,
          messageId: msg.id,
          kind: "photo",
          platform: p.platform,
          fileId: p.fileId,
          caption: p.caption,
          createdAt: now,
        })),
      });
    }
    await this.db.ticket.update({ where: { id: ticketId }, data: { updatedAt: now } });
    return msg;
  }

  messages(ticketId: number): Promise<TicketMessageRow[]> {
    return this.db.ticketMessage.findMany({ where: { ticketId }, orderBy: { id: "asc" } });
  }

  attachments(ticketId: number): Promise<AttachmentRow[]> {
    return this.db.attachment.findMany({ where: { ticketId }, orderBy: { id: "asc" } });
  }

  /** The ticket whose Slack card is this message (the root of its thread). */
  bySlackThread(channel: string, ts: string): Promise<TicketRow | null> {
    return this.db.ticket.findFirst({ where: { slackChannel: channel, slackTs: ts } });
  }

  /** Tickets in `statuses`, oldest first. */
  listByStatus(statuses: readonly string[], limit = 50): Promise<TicketRow[]> {
    return this.db.ticket.findMany({ where: { status: { in: [...statuses] } }, orderBy: { id: "asc" }, take: limit });
  }

  listForAssignee(assigneeId: number, statuses: readonly string[], limit = 50): Promise<TicketRow[]> {
    return this.db.ticket.findMany({ where: { assigneeId, status: { in: [...statuses] } }, orderBy: { id: "asc" }, take: limit });
  }

  async saveRepair(
    ticketId: number,
    r: {
      workDone: string;
      hours: number;
      parts: { name: string; qty: number }[];
      feeAmount: number;
      feeType: string;
      recordedBy: string;
      /** warranty settlement fee in fen (integer); omitted = unchanged, null = not entered */
      settlementFen?: number | null;
    },
    now: Date,
  ): Promise<void> {
    if (r.settlementFen !== undefined && r.settlementFen !== null && !Number.isSafeInteger(r.settlementFen)) {
      throw new RangeError(`settlementFen must be a whole number of fen, got ${r.settlementFen}`);
    }
    const data = {
      workDone: r.workDone,
      hours: r.hours,
      parts: r.parts,
      feeAmount: r.feeAmount,
      feeType: r.feeType,
      recordedBy: r.recordedBy,
      ...(r.settlementFen !== undefined ? { settlementFen: r.settlementFen } : {}),
    };
    await this.db.repairRecord.upsert({ where: { ticketId }, create: { ticketId, ...data, createdAt: now }, update: data });
  }

  async repair(ticketId: number): Promise<{
    workDone: string;
    hours: number;
    parts: { name: string; qty: number }[];
    feeAmount: number;
    feeType: string;
    /** the warranty settlement fee staff entered (fen); null: the category's default applies */
    settlementFen: number | null;
    recordedBy: string;
  } | null> {
    const r = await this.db.repairRecord.findUnique({ where: { ticketId } });
    if (!r) return null;
    return {
      workDone: r.workDone,
      hours: Number(r.hours),
      parts: r.parts as any,
      feeAmount: Number(r.feeAmount),
      feeType: r.feeType,
      settlementFen: r.settlementFen === null ? null : Number(r.settlementFen),
      recordedBy: r.recordedBy,
    };
  }

  /** The customer's latest earlier ticket for the same product since `since` (repeat repairs). */
  previousForProduct(customerId: number, productId: number, since: Date, beforeId?: number): Promise<TicketRow | null> {
    return this.db.ticket.findFirst({
      where: {
        customerId,
        productId,
        createdAt: { gte: since },
        kind: { not: "complaint" },
        status: { not: "cancelled" },
        OR: [{ resolution: null }, { resolution: { notIn: ["invalid", "duplicate", "cancelled"] } }],
        ...(beforeId ? { id: { lt: beforeId } } : {}),
      },
      orderBy: { id: "desc" },
    });
  }

  /** Complaint tickets about this ticket. */
  complaintsAbout(ticketId: number): Promise<TicketRow[]> {
    return this.db.ticket.findMany({ where: { parentId: ticketId, kind: "complaint" }, orderBy: { id: "asc" } });
  }

  /** Counts by resolution, for the self-service figure. */
  async countResolutions(since?: Date): Promise<Record<string, number>> {
    const rows = await this.db.ticket.groupBy({
      by: ["resolution"],
      where: { resolution: { not: null }, ...(since ? { resolvedAt: { gte: since } } : {}) },
      _count: { _all: true },
    });
    return Object.fromEntries(rows.map((r) => [r.resolution ?? "", r._count._all]));
  }
}
