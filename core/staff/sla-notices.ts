/**
 * What staff hear from the service-level watch: a warning at the warning point (in the
 * thread, and to the owner or the channel), 催办 with escalation to the supervisors on a
 * breach, the morning list of tickets left undispatched overnight, and `/desk overdue`.
 */
import { formatRef } from "../domain/ticket.ts";
import type { SlaClockName } from "../events.ts";
import type { StaffMessages } from "../i18n/staff.ts";
import { formatLocal } from "../sla/calendar.ts";
import type { Store, TicketRow } from "../store/index.ts";
import { ticketLine } from "./card.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member, supervisorsMention } from "./directory.ts";
import { postInThread } from "./thread.ts";

const MINUTE_MS = 60_000;

/**
 * A time left or late: hours and minutes; below a minute, the seconds ("还剩 0 分钟" said nothing).
 *
 * @example
 * ```ts
 * slaDuration(42_000, staffMessages("zh-CN")); // "42 秒"
 * ```
 */
export function slaDuration(ms: number, text: StaffMessages): string {
  if (ms < MINUTE_MS) {
    const seconds = Math.max(0, Math.floor(ms / 1000));
    return seconds > 0 ? text.seconds(seconds) : text.underMinute;
  }
  const minutes = Math.floor(ms / MINUTE_MS);
  return text.duration(Math.floor(minutes / 60), minutes % 60);
}

/**
 * At the warning point: a warning in the thread, and a DM to the owner (or the channel if unclaimed).
 *
 * @example
 * ```ts
 * events.on("sla.warned", (tx, { ticket, clock, dueAt, leftMs }) => slaWarn(env, tx, ticket, clock, dueAt, leftMs));
 * ```
 */
export async function slaWarn(
  env: StaffEnv,
  tx: Store,
  ticket: TicketRow,
  clock: SlaClockName,
  dueAt: Date,
  leftMs: number,
): Promise<void> {
  const channelText = env.channelText;
  const ref = formatRef(ticket.ref);
  const due = formatLocal(dueAt, env.timeZone);
  const warning = channelText.sla.warn(channelText.sla[clock], ref, due, slaDuration(leftMs, channelText));
  await postInThread(env, tx, ticket, warning);
  const owner = ticket.assigneeId ? await tx.staff.byId(ticket.assigneeId) : null;
  if (owner) {
    const text = env.textFor(owner);
    await env.out(tx, [{ kind: "dm", user: owner.slackUserId, card: { body: text.sla.warnDm(text.sla[clock], ref, due) } }]);
    return;
  }
  const channel = clock === "reply" ? (env.channels.complaints ?? env.channels.triage) : env.channels.triage;
  if (channel) await env.out(tx, [{ kind: "post", channel, card: { body: warning } }]);
}

/** On breach: 催办 in the thread, a DM to the owner, and the escalation channel with the supervisors. */
export async function slaBreach(
  env: StaffEnv,
  tx: Store,
  ticket: TicketRow,
  clock: SlaClockName,
  lateMs: number,
  round: number,
): Promise<void> {
  const channelText = env.channelText;
  const ref = formatRef(ticket.ref);
  const late = slaDuration(lateMs, channelText);
  await postInThread(env, tx, ticket, channelText.sla.breach(channelText.sla[clock], ref, late, round));
  const owner = ticket.assigneeId ? await tx.staff.byId(ticket.assigneeId) : null;
  if (owner) {
    const text = env.textFor(owner);
    const body = text.sla.breach(text.sla[clock], ref, slaDuration(lateMs, text), round);
    await env.out(tx, [{ kind: "dm", user: owner.slackUserId, card: { body } }]);
  }
  const channel = env.channels.escalation ?? env.channels.triage;
  if (!channel) return;
  const supervisors = await supervisorsMention(env, tx);
  const escalate = channelText.sla.escalate(
    channelText.sla[clock],
    ref,
    late,
    owner ? env.mention(owner.slackUserId) : channelText.sla.nobody,
    supervisors.mention,
  );
  const body = supervisors.warning ? `${escalate}\n${supervisors.warning}` : escalate;
  await env.out(tx, [{ kind: "post", channel, card: { body, footer: ticketLine(env, ticket, channelText) } }]);
}

/** The morning list of tickets left undispatched overnight, to the dispatchers. */
export async function morningDigest(env: StaffEnv, tx: Store, tickets: TicketRow[]): Promise<void> {
  const channel = env.channels.triage;
  if (!channel || !tickets.length) return;
  const channelText = env.channelText;
  const agents = (await tx.staff.withRoles(["agent"])).map((agent) => env.mention(agent.slackUserId)).join(" ");
  const lines = tickets.map((ticket) => ticketLine(env, ticket, channelText)).join("\n");
  await env.out(tx, [
    { kind: "post", channel, card: { body: `${agents ? agents + " " : ""}${channelText.sla.morning(tickets.length)}\n${lines}` } },
  ]);
}

/** A ticket late (or at risk) on one of its clocks. */
export interface OverdueLine {
  ticket: TicketRow;
  clock: SlaClockName;
  /** > 0: late by this much; <= 0: this much left (at risk) */
  lateMs: number;
}

/** `/desk overdue`: breached and at-risk tickets with how late each is. */
export async function overdue(env: StaffEnv, tx: Store, ctx: StaffContext, items: OverdueLine[]): Promise<void> {
  const staff = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(staff);
  if (!staff) return env.tell(tx, ctx, text.notStaff);
  if (!items.length) return env.tell(tx, ctx, text.sla.overdueNone);
  const lines = await Promise.all(
    items.map(async (item) => {
      const owner = item.ticket.assigneeId ? await tx.staff.byId(item.ticket.assigneeId) : null;
      const late = item.lateMs > 0;
      const state = late ? text.sla.late(slaDuration(item.lateMs, text)) : text.sla.atRisk(slaDuration(-item.lateMs, text));
      const who = owner ? env.mention(owner.slackUserId) : text.sla.nobody;
      return `${late ? "🚨" : "⏰"} ${formatRef(item.ticket.ref)} · ${text.sla[item.clock]} · ${state} · ${who}`;
    }),
  );
  await env.tell(tx, ctx, { title: text.sla.overdueTitle, body: lines.join("\n") });
}
