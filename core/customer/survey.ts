/**
 * The callback survey (回访) after every job, not a sample (002 §二十): the customer rates the
 * engineer on attitude, skill, arrival time and promise-keeping, each on four levels
 * (002 §二十一), then says whether they are satisfied overall. One message whose buttons walk
 * through the items and update it in place. Satisfied closes the job; not satisfied sends it
 * to "callback needed" for the supervisors. A reminder after 24 h, expiry ("no response")
 * after 72 h. Every finished job gets exactly one outcome class.
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import { outcomeClass } from "../domain/outcome.ts";
import { formatRef } from "../domain/ticket.ts";
import type { StaffHooks } from "../hooks.ts";
import { messages, type Messages } from "../i18n/index.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobRow, Store, SurveyRow, TicketRow } from "../store/index.ts";
import { enqueueReplies } from "./outbound.ts";
import type { Reply } from "./types.ts";

export const SURVEY_REMIND_JOB = "survey.remind";
export const SURVEY_EXPIRE_JOB = "survey.expire";

/** The four rated items, in the order they are asked. */
export const SURVEY_ITEMS = ["attitude", "skill", "arrival", "promise"] as const;
type Item = (typeof SURVEY_ITEMS)[number];
const CODE: Record<Item, string> = { attitude: "a", skill: "s", arrival: "t", promise: "p" };
const ITEM_OF: Record<string, Item> = { a: "attitude", s: "skill", t: "arrival", p: "promise" };

export interface SurveyOptions {
  clock: Clock;
  remindAfterMs: number;
  expireAfterMs: number;
  hooks: StaffHooks;
}

/**
 * @example
 * ```ts
 * const surveys = new SurveyService({ clock, remindAfterMs: 24 * HOUR, expireAfterMs: 72 * HOUR, hooks });
 * await surveys.start(s, resolvedTicket); // sends the survey message
 * ```
 */
export class SurveyService {
  constructor(private readonly o: SurveyOptions) {}

  private now(): Date {
    return this.o.clock.now();
  }

  /** Sends the survey for a resolved job (again after a reopen: the old one is replaced). */
  async start(s: Store, ticket: TicketRow): Promise<void> {
    const now = this.now();
    await s.surveys.remove(ticket.id);
    const survey = await s.surveys.create(
      { ticketId: ticket.id, form: "full", status: "pending", expiresAt: new Date(now.getTime() + this.o.expireAfterMs) },
      now,
    );
    const customer = await s.customers.get(ticket.customerId);
    if (!customer) return;
    await enqueueReplies(s, customer.telegramChatId, [{ kind: "send", card: await this.card(s, survey, ticket) }], now);
    await s.jobs.reschedule(
      {
        kind: SURVEY_REMIND_JOB,
        key: `ticket:${ticket.id}:survey:${survey.id}:remind`,
        runAt: new Date(now.getTime() + this.o.remindAfterMs),
        data: { surveyId: survey.id },
      },
      now,
    );
    await s.jobs.reschedule(
      {
        kind: SURVEY_EXPIRE_JOB,
        key: `ticket:${ticket.id}:survey:${survey.id}:expire`,
        runAt: survey.expiresAt,
        data: { surveyId: survey.id },
      },
      now,
    );
  }

  /** Self-service: the Solved button was the "did this help?"; recorded as answered and satisfied. */
  async selfService(s: Store, ticket: TicketRow): Promise<void> {
    const now = this.now();
    await s.surveys.remove(ticket.id);
    await s.surveys.create(
      {
        ticketId: ticket.id,
        form: "self_service",
        status: "answered",
        satisfied: true,
        outcome: "satisfied",
        answeredAt: now,
        expiresAt: now,
      },
      now,
    );
  }

  private async engineer(s: Store, ticket: TicketRow, m: Messages): Promise<string> {
    const staff = ticket.assigneeId ? await s.staff.byId(ticket.assigneeId) : null;
    return m.notify.engineer(staff?.name);
  }

  /** The survey message as it stands: the answers so far, and the next question's buttons. */
  async card(s: Store, survey: SurveyRow, ticket: TicketRow): Promise<MessageCard> {
    const customer = await s.customers.get(ticket.customerId);
    const m = messages(customer?.lang ?? ticket.lang);
    const v = m.survey;
    const lines = SURVEY_ITEMS.filter((i) => survey[i] !== null).map((i) => `✓ ${v.items[i]}：${v.levels[survey[i] as number]}`);
    if (survey.satisfied !== null) lines.push(`✓ ${v.overall} ${survey.satisfied ? v.satisfiedYes : v.satisfiedNo}`);
    const card: MessageCard = {
      title: v.intro(formatRef(ticket.ref), await this.engineer(s, ticket, m)),
      body: lines.join("\n") || undefined,
    };
    if (survey.status === "expired") return { ...card, footer: v.expired };
    const next = SURVEY_ITEMS.find((i) => survey[i] === null);
    const data = (step: string, value: string) => `${survey.id}:${step}:${value}`;
    if (next) {
      card.footer = v.items[next];
      card.buttons = [
        [4, 3].map((l) => btn(v.levels[l], data(CODE[next], String(l)))),
        [2, 1].map((l) => btn(v.levels[l], data(CODE[next], String(l)))),
      ];
    } else if (survey.satisfied === null) {
      card.footer = v.overall;
      card.buttons = [[btn(v.satisfiedYes, data("o", "y")), btn(v.satisfiedNo, data("o", "n"))]];
    } else if (survey.status === "answered" && survey.comment === null) {
      card.footer = `${survey.satisfied ? v.thanks : v.sorry}\n${v.askComment}`;
      card.buttons = [[btn(v.addComment, data("c", "add")), btn(v.noComment, data("c", "skip"))]];
    } else {
      card.footer = survey.satisfied ? v.thanks : v.sorry;
      if (survey.comment) card.body = [card.body, `💬 ${survey.comment}`].filter(Boolean).join("\n");
    }
    return card;
  }

  /**
   * A tap on the survey message. Taps that no longer apply (double taps, taps after expiry)
   * change nothing and are answered gracefully.
   */
  async tap(s: Store, customerId: number, value: string, callbackId: string, messageId: number | undefined): Promise<Reply[]> {
    const [idText, step, choice] = value.split(":");
    const survey = await s.surveys.byId(Number(idText));
    const ticket = survey ? await s.tickets.byId(survey.ticketId) : null;
    const customer = await s.customers.get(customerId);
    const m = messages(customer?.lang ?? "zh-CN");
    if (!survey || !ticket || ticket.customerId !== customerId) return [{ kind: "answer", callbackId, text: m.stale }];
    const refresh = async (text?: string): Promise<Reply[]> => {
      const fresh = (await s.surveys.byId(survey.id))!;
      const out: Reply[] = [{ kind: "answer", callbackId, text }];
      if (messageId) out.push({ kind: "edit", messageId, card: await this.card(s, fresh, ticket) });
      return out;
    };
    if (survey.status === "expired") return refresh(m.survey.expired);
    const now = this.now();
    const item = ITEM_OF[step];
    if (item) {
      const level = Number(choice);
      if (![1, 2, 3, 4].includes(level) || survey.status !== "pending") return refresh(m.survey.recorded);
      const updated = await s.surveys.updateIf(survey.id, "pending", { [item]: level }, { [item]: null });
      return refresh(updated ? undefined : m.survey.recorded);
    }
    if (step === "o") {
      if (survey.status !== "pending" || SURVEY_ITEMS.some((i) => survey[i] === null)) return refresh(m.survey.recorded);
      const satisfied = choice === "y";
      const updated = await s.surveys.updateIf(
        survey.id,
        "pending",
        { satisfied, status: "answered", answeredAt: now },
        { satisfied: null },
      );
      if (!updated) return refresh(m.survey.recorded);
      await this.finish(s, updated, ticket);
      return refresh();
    }
    if (step === "c") {
      if (survey.status !== "answered" || survey.comment !== null) return refresh(m.survey.recorded);
      if (choice === "add") {
        await s.customers.setConversation(customerId, "comment", "survey", { surveyId: survey.id, messageId: messageId ?? null });
        return [
          { kind: "answer", callbackId },
          { kind: "send", card: { body: m.survey.commentPrompt } },
        ];
      }
      await s.surveys.update(survey.id, { comment: "" });
      return refresh();
    }
    return [{ kind: "answer", callbackId, text: m.stale }];
  }

  /** The customer's comment (typed after "add a comment"). */
  async comment(s: Store, customerId: number, data: { surveyId: number; messageId: number | null }, text: string): Promise<Reply[]> {
    await s.customers.clearConversation(customerId);
    const survey = await s.surveys.byId(data.surveyId);
    const ticket = survey ? await s.tickets.byId(survey.ticketId) : null;
    const customer = await s.customers.get(customerId);
    const m = messages(customer?.lang ?? "zh-CN");
    if (!survey || !ticket || ticket.customerId !== customerId) return [{ kind: "send", card: { body: m.stale } }];
    const updated = await s.surveys.update(survey.id, { comment: text.slice(0, 2000) });
    if (updated.satisfied === false) await this.o.hooks.callbackComment?.(s, ticket, text, this.now());
    const out: Reply[] = [{ kind: "send", card: { body: updated.satisfied ? m.survey.thanks : m.survey.sorry } }];
    if (data.messageId) out.unshift({ kind: "edit", messageId: data.messageId, card: await this.card(s, updated, ticket) });
    return out;
  }

  /** The job is finished from the customer's side: its outcome class, and what happens next. */
  private async finish(s: Store, survey: SurveyRow, ticket: TicketRow): Promise<void> {
    const now = this.now();
    const complaint = (await s.tickets.complaintsAbout(ticket.id)).length > 0;
    const outcome = outcomeClass({ complaint, reopenCount: ticket.reopenCount, attitude: survey.attitude, satisfied: survey.satisfied });
    await s.surveys.update(survey.id, { outcome });
    const actor = { type: "customer" as const };
    if (survey.satisfied === false) {
      const moved = await s.tickets.transition(ticket.id, ["resolved"], "callback_needed", actor, now, {
        type: "callback_unsatisfied",
        data: { outcome },
      });
      if (moved) await this.o.hooks.callbackNeeded?.(s, moved, (await s.surveys.byId(survey.id))!, now);
    } else {
      const moved = await s.tickets.transition(ticket.id, ["resolved"], "closed", actor, now, {
        type: survey.status === "expired" ? "callback_no_response" : "callback_satisfied",
        patch: { closedAt: now },
        data: { outcome },
      });
      if (moved) await this.o.hooks.ticketChanged?.(s, moved, now);
    }
  }

  /** 24 h without an answer: one reminder. */
  async remind(job: JobRow, ctx: JobContext): Promise<void> {
    const surveyId = Number((job.data as { surveyId?: number }).surveyId);
    await ctx.complete(async (s) => {
      const survey = await s.surveys.byId(surveyId);
      if (!survey || survey.status !== "pending" || survey.remindedAt) return;
      const ticket = await s.tickets.byId(survey.ticketId);
      const customer = ticket ? await s.customers.get(ticket.customerId) : null;
      if (!ticket || !customer) return;
      const now = this.now();
      await s.surveys.update(survey.id, { remindedAt: now });
      const m = messages(customer.lang);
      const card = await this.card(s, (await s.surveys.byId(survey.id))!, ticket);
      await enqueueReplies(
        s,
        customer.telegramChatId,
        [{ kind: "send", card: { ...card, title: m.survey.reminder(formatRef(ticket.ref)) } }],
        now,
      );
    });
  }

  /** 72 h without an answer: recorded as "no response", and the job is finished. */
  async expire(job: JobRow, ctx: JobContext): Promise<void> {
    const surveyId = Number((job.data as { surveyId?: number }).surveyId);
    await ctx.complete(async (s) => {
      const survey = await s.surveys.byId(surveyId);
      if (!survey || survey.status !== "pending") return;
      const ticket = await s.tickets.byId(survey.ticketId);
      if (!ticket) return;
      const expired = await s.surveys.updateIf(survey.id, "pending", { status: "expired" });
      if (expired) await this.finish(s, expired, ticket);
    });
  }

  /** A complaint about a finished job changes its outcome class to "complaint". */
  async complaintFiled(s: Store, parentTicketId: number): Promise<void> {
    const survey = await s.surveys.byTicket(parentTicketId);
    if (survey?.outcome && survey.outcome !== "complaint") await s.surveys.update(survey.id, { outcome: "complaint" });
  }
}

function btn(label: string, value: string): CardButton {
  return { label, action: "sv", value };
}
