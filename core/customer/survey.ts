/**
 * The callback survey (回访) after every job, not a sample: the customer rates the
 * engineer on attitude, skill, arrival time and promise-keeping, each on four levels,
 * then says whether they are satisfied overall. One message whose buttons walk
 * through the items and update it in place. Satisfied closes the job; not satisfied sends it
 * to "callback needed" for the supervisors. A reminder after 24 h, expiry ("no response")
 * after 72 h. Every finished job gets exactly one outcome class.
 */
import type { CardButton, MessageCard } from "../card.ts";
import type { Clock } from "../clock.ts";
import { outcomeClass } from "../domain/outcome.ts";
import { formatRef } from "../domain/ticket.ts";
import type { EventSink } from "../events.ts";
import { messages, type Messages } from "../i18n/index.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobRow, Store, SurveyRow, TicketRow } from "../store/index.ts";
import { BUTTON, FLOW } from "./codes.ts";
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
  /** where the survey says what happened (callback needed, a comment, a closed job) */
  events: EventSink;
}

/**
 * @example
 * ```ts
 * const surveys = new SurveyService({ clock, remindAfterMs: 24 * HOUR, expireAfterMs: 72 * HOUR, events });
 * await surveys.start(tx, resolvedTicket); // sends the survey message
 * ```
 */
export class SurveyService {
  constructor(private readonly options: SurveyOptions) {}

  private now(): Date {
    return this.options.clock.now();
  }

  /** Sends the survey for a resolved job (again after a reopen: the old one is replaced). */
  async start(tx: Store, ticket: TicketRow): Promise<void> {
    const now = this.now();
    await tx.surveys.remove(ticket.id);
    const survey = await tx.surveys.create(
      { ticketId: ticket.id, form: "full", status: "pending", expiresAt: new Date(now.getTime() + this.options.expireAfterMs) },
      now,
    );
    const customer = await tx.customers.get(ticket.customerId);
    if (!customer) return;
    await enqueueReplies(tx, customer.telegramChatId, [{ kind: "send", card: await this.card(tx, survey, ticket) }], now);
    await tx.jobs.reschedule(
      {
        kind: SURVEY_REMIND_JOB,
        key: `ticket:${ticket.id}:survey:${survey.id}:remind`,
        runAt: new Date(now.getTime() + this.options.remindAfterMs),
        data: { surveyId: survey.id },
      },
      now,
    );
    await tx.jobs.reschedule(
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
  async selfService(tx: Store, ticket: TicketRow): Promise<void> {
    const now = this.now();
    await tx.surveys.remove(ticket.id);
    await tx.surveys.create(
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

  private async engineer(tx: Store, ticket: TicketRow, ui: Messages): Promise<string> {
    const staff = ticket.assigneeId ? await tx.staff.byId(ticket.assigneeId) : null;
    return ui.notify.engineer(staff?.name);
  }

  /** The survey message as it stands: the answers so far, and the next question's buttons. */
  async card(tx: Store, survey: SurveyRow, ticket: TicketRow): Promise<MessageCard> {
    const customer = await tx.customers.get(ticket.customerId);
    const ui = messages(customer?.lang ?? ticket.lang);
    const texts = ui.survey;
    const lines = SURVEY_ITEMS.filter((item) => survey[item] !== null).map((item) =>
      texts.answered(texts.items[item] ?? item, texts.levels[survey[item] as number] ?? ""),
    );
    if (survey.satisfied !== null)
      lines.push(texts.answered(texts.overallLabel, survey.satisfied ? texts.satisfiedYes : texts.satisfiedNo));
    const card: MessageCard = {
      title: texts.intro(formatRef(ticket.ref), await this.engineer(tx, ticket, ui)),
      body: lines.join("\n") || undefined,
    };
    if (survey.status === "expired") return { ...card, footer: texts.expired };
    const next = SURVEY_ITEMS.find((item) => survey[item] === null);
    const data = (step: string, value: string) => `${survey.id}:${step}:${value}`;
    if (next) {
      card.footer = texts.items[next];
      card.buttons = [
        [4, 3].map((level) => btn(texts.levels[level] ?? String(level), data(CODE[next], String(level)))),
        [2, 1].map((level) => btn(texts.levels[level] ?? String(level), data(CODE[next], String(level)))),
      ];
    } else if (survey.satisfied === null) {
      card.footer = texts.overall;
      card.buttons = [[btn(texts.satisfiedYes, data("o", "y")), btn(texts.satisfiedNo, data("o", "n"))]];
    } else if (survey.status === "answered" && survey.comment === null) {
      card.footer = `${survey.satisfied ? texts.thanks : texts.sorry}\n${texts.askComment}`;
      card.buttons = [[btn(texts.addComment, data("c", "add")), btn(texts.noComment, data("c", "skip"))]];
    } else {
      card.footer = survey.satisfied ? texts.thanks : texts.sorry;
      if (survey.comment) card.body = [card.body, `💬 ${survey.comment}`].filter(Boolean).join("\n");
    }
    return card;
  }

  /**
   * A tap on the survey message. Taps that no longer apply (double taps, taps after expiry)
   * change nothing and are answered gracefully.
   */
  async tap(tx: Store, customerId: number, value: string, callbackId: string, messageId: number | undefined): Promise<Reply[]> {
    const [idText, step, choice] = value.split(":");
    const survey = await tx.surveys.byId(Number(idText));
    const ticket = survey ? await tx.tickets.byId(survey.ticketId) : null;
    const customer = await tx.customers.get(customerId);
    const ui = messages(customer?.lang ?? "zh-CN");
    if (!survey || !ticket || ticket.customerId !== customerId) return [{ kind: "answer", callbackId, text: ui.stale }];
    const refresh = async (text?: string): Promise<Reply[]> => {
      const fresh = (await tx.surveys.byId(survey.id))!;
      const out: Reply[] = [{ kind: "answer", callbackId, text }];
      if (messageId) out.push({ kind: "edit", messageId, card: await this.card(tx, fresh, ticket) });
      return out;
    };
    if (survey.status === "expired") return refresh(ui.survey.expired);
    const now = this.now();
    const item = step === undefined ? undefined : ITEM_OF[step];
    if (item) {
      const level = Number(choice);
      if (![1, 2, 3, 4].includes(level) || survey.status !== "pending") return refresh(ui.survey.recorded);
      const updated = await tx.surveys.updateIf(survey.id, "pending", { [item]: level }, { [item]: null });
      return refresh(updated ? undefined : ui.survey.recorded);
    }
    if (step === "o") {
      if (survey.status !== "pending" || SURVEY_ITEMS.some((item) => survey[item] === null)) return refresh(ui.survey.recorded);
      const satisfied = choice === "y";
      const updated = await tx.surveys.updateIf(
        survey.id,
        "pending",
        { satisfied, status: "answered", answeredAt: now },
        { satisfied: null },
      );
      if (!updated) return refresh(ui.survey.recorded);
      await this.finish(tx, updated, ticket);
      return refresh();
    }
    if (step === "c") {
      if (survey.status !== "answered" || survey.comment !== null) return refresh(ui.survey.recorded);
      if (choice === "add") {
        await tx.customers.setConversation(customerId, FLOW.surveyComment, "survey", { surveyId: survey.id, messageId: messageId ?? null });
        return [
          { kind: "answer", callbackId },
          { kind: "send", card: { body: ui.survey.commentPrompt } },
        ];
      }
      await tx.surveys.update(survey.id, { comment: "" });
      return refresh();
    }
    return [{ kind: "answer", callbackId, text: ui.stale }];
  }

  /** The customer's comment (typed after "add a comment"). */
  async comment(tx: Store, customerId: number, data: { surveyId: number; messageId: number | null }, text: string): Promise<Reply[]> {
    await tx.customers.clearConversation(customerId);
    const survey = await tx.surveys.byId(data.surveyId);
    const ticket = survey ? await tx.tickets.byId(survey.ticketId) : null;
    const customer = await tx.customers.get(customerId);
    const ui = messages(customer?.lang ?? "zh-CN");
    if (!survey || !ticket || ticket.customerId !== customerId) return [{ kind: "send", card: { body: ui.stale } }];
    const updated = await tx.surveys.update(survey.id, { comment: text.slice(0, 2000) });
    if (updated.satisfied === false) await this.options.events.emit(tx, "callback.comment", { ticket, text }, this.now());
    const out: Reply[] = [{ kind: "send", card: { body: updated.satisfied ? ui.survey.thanks : ui.survey.sorry } }];
    if (data.messageId) out.unshift({ kind: "edit", messageId: data.messageId, card: await this.card(tx, updated, ticket) });
    return out;
  }

  /** The job is finished from the customer's side: its outcome class, and what happens next. */
  private async finish(tx: Store, survey: SurveyRow, ticket: TicketRow): Promise<void> {
    const now = this.now();
    const complaint = (await tx.tickets.complaintsAbout(ticket.id)).length > 0;
    const outcome = outcomeClass({ complaint, reopenCount: ticket.reopenCount, attitude: survey.attitude, satisfied: survey.satisfied });
    await tx.surveys.update(survey.id, { outcome });
    const actor = { type: "customer" as const };
    if (survey.satisfied === false) {
      const moved = await tx.tickets.transition(ticket.id, ["resolved"], "callback_needed", actor, now, {
        type: "callback_unsatisfied",
        data: { outcome },
      });
      if (moved) await this.options.events.emit(tx, "callback.needed", { ticket: moved, survey: (await tx.surveys.byId(survey.id))! }, now);
    } else {
      const moved = await tx.tickets.transition(ticket.id, ["resolved"], "closed", actor, now, {
        type: survey.status === "expired" ? "callback_no_response" : "callback_satisfied",
        patch: { closedAt: now },
        data: { outcome },
      });
      if (moved) await this.options.events.emit(tx, "ticket.changed", { ticket: moved }, now);
    }
  }

  /** 24 h without an answer: one reminder. */
  async remind(job: JobRow, ctx: JobContext): Promise<void> {
    const surveyId = Number((job.data as { surveyId?: number }).surveyId);
    await ctx.complete(async (tx) => {
      const survey = await tx.surveys.byId(surveyId);
      if (!survey || survey.status !== "pending" || survey.remindedAt) return;
      const ticket = await tx.tickets.byId(survey.ticketId);
      const customer = ticket ? await tx.customers.get(ticket.customerId) : null;
      if (!ticket || !customer) return;
      const now = this.now();
      await tx.surveys.update(survey.id, { remindedAt: now });
      const ui = messages(customer.lang);
      const card = await this.card(tx, (await tx.surveys.byId(survey.id))!, ticket);
      await enqueueReplies(
        tx,
        customer.telegramChatId,
        [{ kind: "send", card: { ...card, title: ui.survey.reminder(formatRef(ticket.ref)) } }],
        now,
      );
    });
  }

  /** 72 h without an answer: recorded as "no response", and the job is finished. */
  async expire(job: JobRow, ctx: JobContext): Promise<void> {
    const surveyId = Number((job.data as { surveyId?: number }).surveyId);
    await ctx.complete(async (tx) => {
      const survey = await tx.surveys.byId(surveyId);
      if (!survey || survey.status !== "pending") return;
      const ticket = await tx.tickets.byId(survey.ticketId);
      if (!ticket) return;
      const expired = await tx.surveys.updateIf(survey.id, "pending", { status: "expired" });
      if (expired) await this.finish(tx, expired, ticket);
    });
  }

  /** A complaint about a finished job changes its outcome class to "complaint". */
  async complaintFiled(tx: Store, parentTicketId: number): Promise<void> {
    const survey = await tx.surveys.byTicket(parentTicketId);
    if (survey?.outcome && survey.outcome !== "complaint") await tx.surveys.update(survey.id, { outcome: "complaint" });
  }
}

function btn(label: string, value: string): CardButton {
  return { label, action: BUTTON.survey, value };
}
