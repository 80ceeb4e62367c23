import type { Client } from "./client.ts";
import type { ComplaintRow, SurveyRow } from "./types.ts";

export type ComplaintPatch = Partial<Omit<ComplaintRow, "id" | "ticketId" | "createdAt" | "updatedAt">>;

/** Complaint handling records (客户投诉处理表). */
export class ComplaintRepo {
  constructor(private readonly db: Client) {}

  create(
    input: { ticketId: number; kind: string; routing: string | null; severity: string; whatHappened?: string | null },
    now: Date,
  ): Promise<ComplaintRow> {
    return this.db.complaint.create({ data: { ...input, createdAt: now } });
  }

  byTicket(ticketId: number): Promise<ComplaintRow | null> {
    return this.db.complaint.findUnique({ where: { ticketId } });
  }

  update(ticketId: number, patch: ComplaintPatch): Promise<ComplaintRow> {
    return this.db.complaint.update({ where: { ticketId }, data: patch });
  }

  /** Complaints by this customer since `since` (a repeat complaint is major). */
  async countForCustomer(customerId: number, since: Date): Promise<number> {
    return this.db.ticket.count({ where: { customerId, kind: "complaint", createdAt: { gte: since } } });
  }
}

export type SurveyPatch = Partial<Omit<SurveyRow, "id" | "ticketId">>;

/** Callback surveys (回访). */
export class SurveyRepo {
  constructor(private readonly db: Client) {}

  create(
    input: {
      ticketId: number;
      form: string;
      status: string;
      expiresAt: Date;
      satisfied?: boolean | null;
      outcome?: string | null;
      answeredAt?: Date | null;
    },
    now: Date,
  ): Promise<SurveyRow> {
    return this.db.survey.create({ data: { ...input, sentAt: now } });
  }

  byId(id: number): Promise<SurveyRow | null> {
    return this.db.survey.findUnique({ where: { id } });
  }

  byTicket(ticketId: number): Promise<SurveyRow | null> {
    return this.db.survey.findUnique({ where: { ticketId } });
  }

  /** Updates only if the survey is still in `status` (a double tap cannot apply twice). */
  async updateIf(
    id: number,
    status: string,
    patch: SurveyPatch,
    expect?: Partial<Pick<SurveyRow, "attitude" | "skill" | "arrival" | "promise" | "satisfied">>,
  ): Promise<SurveyRow | null> {
    const where: Record<string, unknown> = { id, status };
    for (const [k, v] of Object.entries(expect ?? {})) where[k] = v;
    const r = await this.db.survey.updateMany({ where, data: patch });
    return r.count ? this.db.survey.findUnique({ where: { id } }) : null;
  }

  update(id: number, patch: SurveyPatch): Promise<SurveyRow> {
    return this.db.survey.update({ where: { id }, data: patch });
  }

  /** Removes a survey so a reopened and re-resolved job is surveyed again. */
  async remove(ticketId: number): Promise<void> {
    await this.db.survey.deleteMany({ where: { ticketId } });
  }
}
