/**
 * Staff assist: when a ticket is claimed, a short generated summary of the conversation so
 * far (symptoms, what was tried, the customer's mood) goes into its thread, marked as
 * generated. Runs as a job after the claim; without an LLM nothing is posted.
 *
 * (Not the period summary of `core/reports/summary.ts`.)
 */
import type { Assistant } from "../assistant/port.ts";
import type { JobContext } from "../jobs/index.ts";
import type { JobRow, Store, TicketRow } from "../store/index.ts";
import type { StaffEnv } from "./context.ts";
import { postInThread } from "./thread.ts";

export const SUMMARY_JOB = "ticket.staff_summary";

/** Schedules the summary job after a claim or dispatch (when the desk has an LLM). */
export async function scheduleSummary(env: StaffEnv, tx: Store, ticket: TicketRow): Promise<void> {
  if (!env.options.summarizeOnClaim) return;
  await tx.jobs.schedule(
    { kind: SUMMARY_JOB, key: `ticket:${ticket.id}:staff-summary`, runAt: env.now(), data: { ticketId: ticket.id } },
    env.now(),
  );
}

/** Posts a generated summary in the ticket's thread (run by the job after a claim). */
export async function postSummary(env: StaffEnv, tx: Store, ticketId: number, summary: string): Promise<void> {
  const ticket = await tx.tickets.byId(ticketId);
  if (!ticket) return;
  await postInThread(env, tx, ticket, { body: summary, footer: env.channelText.generated, internal: true });
}

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
  staff: { postSummary(tx: Store, ticketId: number, summary: string): Promise<void> },
): Promise<void> {
  if (!assistant) return;
  const ticketId = Number((job.data as { ticketId?: number }).ticketId);
  const ticket = await ctx.store.tickets.byId(ticketId);
  if (!ticket) return;
  // the model sees this ticket's own conversation only; internal notes stay out
  const conversation = (await ctx.store.tickets.messages(ticketId))
    .filter((message) => message.author !== "note")
    .map((message) => ({ author: message.author, text: message.text }));
  const summary = await assistant.summarize({
    ticket: {
      ref: ticket.ref,
      kind: ticket.kind,
      category: ticket.category,
      model: ticket.model,
      description: ticket.description,
      lang: ticket.lang,
    },
    messages: conversation,
  });
  if (!summary) return;
  await ctx.complete((tx) => staff.postSummary(tx, ticketId, summary));
}
