import type { Client } from "./client.ts";
import type { ComplaintRow, StaffRow, SurveyRow } from "./types.ts";

/** The survey columns the reports read. */
export type ReportSurvey = Pick<
  SurveyRow,
  "form" | "status" | "attitude" | "skill" | "arrival" | "promise" | "satisfied" | "outcome" | "sentAt" | "answeredAt"
>;

/** The complaint-record columns the reports read. */
export type ReportComplaint = Pick<ComplaintRow, "kind" | "severity" | "repliedAt">;

/** A repair record (修护卡) as plain numbers: no Prisma `Decimal` leaves the store. */
export interface ReportRepair {
  hours: number;
  parts: { name: string; qty: number }[];
  feeAmount: number;
  feeType: string;
  recordedBy: string;
}

/**
 * One ticket as the reports see it: the ticket's reporting columns, with its survey,
 * complaint record and repair record (each `null` when the ticket has none).
 */
export interface ReportTicket {
  id: number;
  ref: number;
  kind: string;
  category: string | null;
  status: string;
  feeType: string;
  resolution: string | null;
  area: string | null;
  createdAt: Date;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  dispatchDueAt: Date | null;
  arrivedAt: Date | null;
  slaMet: boolean | null;
  replyDueAt: Date | null;
  assigneeId: number | null;
  reopenCount: number;
  repeatOfId: number | null;
  parentId: number | null;
  survey: ReportSurvey | null;
  complaint: ReportComplaint | null;
  repair: ReportRepair | null;
}

/** A half-open interval of instants `[from, to)`. */
export interface ReportRange {
  from: Date;
  to: Date;
}

/** Input of {@link ReportRepo.insertSurvey} (fixtures and the survey flow). */
export interface SurveyInsert {
  ticketId: number;
  form: "full" | "self_service";
  status: "pending" | "answered" | "expired";
  attitude?: number | null;
  skill?: number | null;
  arrival?: number | null;
  promise?: number | null;
  satisfied?: boolean | null;
  comment?: string | null;
  outcome?: string | null;
  sentAt: Date;
  answeredAt?: Date | null;
  expiresAt: Date;
}

/** Input of {@link ReportRepo.insertComplaint} (fixtures and the complaint flow). */
export interface ComplaintInsert {
  ticketId: number;
  kind: "product" | "service" | "environment";
  severity: "major" | "ordinary";
  routing?: string | null;
  repliedAt?: Date | null;
  createdAt?: Date;
}

const TICKET_SELECT = {
  id: true,
  ref: true,
  kind: true,
  category: true,
  status: true,
  feeType: true,
  resolution: true,
  area: true,
  createdAt: true,
  firstResponseAt: true,
  resolvedAt: true,
  closedAt: true,
  dispatchDueAt: true,
  arrivedAt: true,
  slaMet: true,
  replyDueAt: true,
  assigneeId: true,
  reopenCount: true,
  repeatOfId: true,
  parentId: true,
  survey: {
    select: {
      form: true,
      status: true,
      attitude: true,
      skill: true,
      arrival: true,
      promise: true,
      satisfied: true,
      outcome: true,
      sentAt: true,
      answeredAt: true,
    },
  },
  complaint: { select: { kind: true, severity: true, repliedAt: true } },
  repair: { select: { hours: true, parts: true, feeAmount: true, feeType: true, recordedBy: true } },
} as const;

/**
 * Read-only queries behind the summary and the technician report (core/reports), plus two
 * insert helpers for fixtures and the survey/complaint flows.
 *
 * @example
 * ```ts
 * const rows = await store.reports.periodTickets({ from, to });
 * const mine = await store.reports.periodTickets({ from, to }, { assigneeId: staff.id });
 * ```
 */
export class ReportRepo {
  constructor(private readonly db: Client) {}

  /**
   * Every ticket that takes part in a figure of `[from, to)`: created, resolved, closed or
   * arrived-on-site in the range, or whose survey was sent in it. Ordered by ref.
   * With `assigneeId`, only that staff member's tickets.
   */
  async periodTickets(range: ReportRange, opts: { assigneeId?: number } = {}): Promise<ReportTicket[]> {
    const inRange = { gte: range.from, lt: range.to };
    const rows = await this.db.ticket.findMany({
      where: {
        ...(opts.assigneeId !== undefined ? { assigneeId: opts.assigneeId } : {}),
        OR: [
          { createdAt: inRange },
          { resolvedAt: inRange },
          { closedAt: inRange },
          { arrivedAt: inRange },
          { survey: { is: { sentAt: inRange } } },
        ],
      },
      select: TICKET_SELECT,
      orderBy: { ref: "asc" },
    });
    return rows.map((r) => ({
      ...r,
      repair: r.repair
        ? {
            hours: Number(r.repair.hours),
            parts: normaliseParts(r.repair.parts),
            feeAmount: Number(r.repair.feeAmount),
            feeType: r.repair.feeType,
            recordedBy: r.repair.recordedBy,
          }
        : null,
    }));
  }

  /** Staff rows by id (any state: a removed member still appears in history). */
  staffByIds(ids: readonly number[]): Promise<StaffRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.staff.findMany({ where: { id: { in: [...new Set(ids)] } }, orderBy: { id: "asc" } });
  }

  /** Inserts a survey row. For fixtures and the survey flow. */
  async insertSurvey(survey: SurveyInsert): Promise<SurveyRow> {
    return this.db.survey.create({ data: { ...survey } });
  }

  /** Inserts a complaint record (客户投诉处理表). For fixtures and the complaint flow. */
  async insertComplaint(complaint: ComplaintInsert): Promise<ComplaintRow> {
    return this.db.complaint.create({ data: { ...complaint } });
  }
}

/** Parts JSON as stored → `[{ name, qty }]`, dropping malformed entries. */
function normaliseParts(json: unknown): { name: string; qty: number }[] {
  if (!Array.isArray(json)) return [];
  const out: { name: string; qty: number }[] = [];
  for (const p of json) {
    if (!p || typeof p !== "object") continue;
    const name = typeof (p as any).name === "string" ? (p as any).name.trim() : "";
    const qty = Number((p as any).qty);
    if (name && Number.isFinite(qty)) out.push({ name, qty });
  }
  return out;
}
