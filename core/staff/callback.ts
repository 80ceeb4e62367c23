/**
 * The callback (回访) on the staff side: a customer not satisfied at callback reaches the
 * supervisors at once, with the ratings and comment; a later comment joins the thread.
 */
import { formatRef } from "../domain/ticket.ts";
import type { StaffMessages } from "../i18n/staff.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { refreshCard, ticketLine } from "./card.ts";
import type { StaffEnv } from "./context.ts";
import { supervisorsMention } from "./directory.ts";
import { postInThread } from "./thread.ts";

/** The rated items of a callback survey, in the order staff read them. */
const RATED_ITEMS = ["attitude", "skill", "arrival", "promise"] as const;

type Ratings = Record<(typeof RATED_ITEMS)[number], number | null>;

function ratingsLine(survey: Ratings, text: StaffMessages): string {
  return RATED_ITEMS.map((item) => {
    const level = survey[item];
    return `${text.callback.items[item]} ${level ? text.callback.levels[level] : "—"}`;
  }).join(" / ");
}

/**
 * Not satisfied at callback: the supervisors hear at once, with the ratings and comment.
 *
 * @example
 * ```ts
 * events.on("callback.needed", (tx, { ticket, survey }) => callbackNeeded(env, tx, ticket, survey));
 * ```
 */
export async function callbackNeeded(
  env: StaffEnv,
  tx: Store,
  ticket: TicketRow,
  survey: Ratings & { comment: string | null },
): Promise<void> {
  const channelText = env.channelText;
  const supervisors = await supervisorsMention(env, tx);
  const unsatisfied = channelText.callback.unsatisfied(
    formatRef(ticket.ref),
    ratingsLine(survey, channelText),
    survey.comment ?? "",
    supervisors.mention,
  );
  const line = supervisors.warning ? `${unsatisfied}\n${supervisors.warning}` : unsatisfied;
  await refreshCard(env, tx, ticket);
  await postInThread(env, tx, ticket, line);
  const channel = env.channels.escalation ?? env.channels.triage;
  if (channel) await env.out(tx, [{ kind: "post", channel, card: { body: line, footer: ticketLine(env, ticket, channelText) } }]);
}

/** An unsatisfied customer added a comment to the survey. */
export async function callbackComment(env: StaffEnv, tx: Store, ticket: TicketRow, comment: string): Promise<void> {
  await postInThread(env, tx, ticket, env.channelText.callback.comment(comment));
}
