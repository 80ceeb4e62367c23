/**
 * First-line help for a ticket opened without it (intake normally asks the knowledge base as
 * soon as a description is in, see intake.ts): right after such a ticket opens, the FAQ
 * knowledge base — and the LLM, when one is configured — either gives the customer one
 * confident set of steps to try, with Solved / Still need service buttons, or hands the
 * ticket straight to staff and says so. It runs as a durable job, after the intake
 * transaction, so slow work never holds the platform's acknowledgement.
 */
import type { Assistant } from "../assistant/port.ts";
import { formatRef } from "../domain/ticket.ts";
import type { FaqService } from "../faq.ts";
import type { EventSink } from "../events.ts";
import { messages } from "../i18n/index.ts";
import type { JobContext } from "../jobs/index.ts";
import type { Logger } from "../log.ts";
import type { Clock } from "../clock.ts";
import type { JobRow } from "../store/index.ts";
import { offerCard } from "./faq-message.ts";
import { enqueueReplies } from "./outbound.ts";

export const FIRST_LINE_JOB = "ticket.first_line";

export interface FirstLineOptions {
  faq: FaqService;
  assistant?: Assistant | null;
  /** where first-line help says a ticket needs staff */
  events: EventSink;
  clock: Clock;
  log: Logger;
}

/**
 * @example
 * ```ts
 * jobs.handle(FIRST_LINE_JOB, (job, ctx) => firstLine.run(job, ctx));
 * ```
 */
export class FirstLineHelp {
  constructor(private readonly options: FirstLineOptions) {}

  async run(job: JobRow, ctx: JobContext): Promise<void> {
    const ticketId = Number((job.data as { ticketId?: number }).ticketId);
    const ticket = await ctx.store.tickets.byId(ticketId);
    if (!ticket || ticket.status !== "queued" || ticket.selfHelpResult) return; // already handled
    const category = ticket.category && ticket.category !== "other" ? ticket.category : null;
    const outcome = this.options.faq.search(ticket.description, { product: category });
    let entry = outcome.answer ? this.options.faq.get(outcome.answer) : undefined;
    let text = entry?.body;
    let generated = false;
    // With an LLM: it writes the steps from the top entries only, or says none fits.
    if (this.options.assistant && outcome.results.length) {
      const entries = outcome.results
        .slice(0, 3)
        .map((result) => this.options.faq.get(result.id))
        .filter((found) => !!found);
      const answer = await this.options.assistant.answer({
        customerKey: `customer:${ticket.customerId}`,
        question: ticket.description,
        lang: ticket.lang,
        ticket: {
          ref: ticket.ref,
          kind: ticket.kind,
          category: ticket.category,
          model: ticket.model,
          description: ticket.description,
          lang: ticket.lang,
        },
        entries,
      });
      if (answer) {
        const used = answer.entryId ? entries.find((candidate) => candidate.id === answer.entryId) : undefined;
        entry = used;
        text = used ? answer.text : undefined;
        generated = !!used;
      }
    }
    await ctx.complete(async (tx) => {
      const now = this.options.clock.now();
      const fresh = await tx.tickets.byId(ticketId);
      if (!fresh || fresh.status !== "queued" || fresh.selfHelpResult) return;
      const customer = await tx.customers.get(fresh.customerId);
      const ui = messages(customer?.lang ?? fresh.lang);
      const ref = formatRef(fresh.ref);
      if (entry && text) {
        const moved = await tx.tickets.transition(fresh.id, ["queued"], "self_help", { type: "system" }, now, {
          type: "faq_offered",
          patch: { selfHelpEntryId: entry.id, selfHelpResult: "offered" },
          data: { entry: entry.id, score: outcome.results[0]?.score ?? null, generated },
        });
        if (!moved || !customer) return;
        const card = offerCard(ui, fresh.ref, entry.title, text, generated);
        await enqueueReplies(tx, customer.telegramChatId, [{ kind: "send", card }], now);
        return;
      }
      const queued = await tx.tickets.patch(fresh.id, { selfHelpResult: "none" });
      await tx.tickets.event(fresh.id, "faq_none", { type: "system" }, now, { top: outcome.results[0]?.id ?? null });
      await this.options.events.emit(tx, "ticket.queued", { ticket: queued }, now);
      if (customer) await enqueueReplies(tx, customer.telegramChatId, [{ kind: "send", card: { body: ui.toStaff(ref) } }], now);
    });
  }
}
