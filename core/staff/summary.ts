/**
 * Staff assist: when a ticket is claimed, a short generated summary of the conversation so
 * far (symptoms, what was tried, the customer's mood) goes into its thread, marked as
 * generated. Runs as a job after the claim; without an LLM nothing is posted.
 */
import type { Assistant } from "../assistant/port.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobRow } from "../store/index.ts";
import type { StaffDesk } from "./desk.ts";

/**
 * @example
 * ```ts
 * jobs.handle(SUMMARY_JOB, (job, ctx) => runStaffSummary(job, ctx, assistant, staffDesk));
 * ```
 */
export async function runStaffSummary(
  job: JobRow,
  ctx: JobContext,
  assistant: Assistant | null | undefined,
  staff: StaffDesk,
): Promise<void> {
  if (!assistant) return;
  const ticketId = Number((job.data as { ticketId?: number }).ticketId);
  const ticket = await ctx.store.tickets.byId(ticketId);
  if (!ticket) return;
  // the model sees this ticket's own conversation only; internal notes stay out
  const messages = (await ctx.store.tickets.messages(ticketId))
    .filter((m) => m.author !== "note")
    .map((m) => ({ author: m.author, text: m.text }));
  const summary = await assistant.summarize({
    ticket: {
      ref: ticket.ref,
      kind: ticket.kind,
      category: ticket.category,
      model: ticket.model,
      description: ticket.description,
      lang: ticket.lang,
    },
    messages,
  });
  if (!summary) return;
  await ctx.complete((s) => staff.postSummary(s, ticketId, summary));
}
