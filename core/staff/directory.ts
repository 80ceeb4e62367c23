/**
 * The staff directory: who is staff (bootstrap managers are created on first use), who the
 * supervisors and managers are, and the managers' `/desk staff add|remove|list` commands.
 */
import type { StaffRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { refreshNameIfStale } from "./names.ts";
import { can, parseRole } from "./roles.ts";

/**
 * The staff member behind a platform user, or null. Bootstrap managers are created on first use.
 *
 * @example
 * ```ts
 * const staff = await member(env, tx, "U123");
 * ```
 */
export async function member(env: StaffEnv, tx: Store, userId: string, label?: string): Promise<StaffRow | null> {
  // with a profile source (Slack), the platform's label is a handle (wang.shifu), not a name:
  // names come from the profile (names.ts); without one (the sandbox), the label is the name
  let row = await tx.staff.byUser(userId);
  if (!row?.active) {
    if (!env.options.adminUserIds.includes(userId)) return null;
    row = await tx.staff.upsert(userId, "manager", row?.name ?? (env.options.profileNames ? undefined : label));
  }
  if (env.options.profileNames) await refreshNameIfStale(tx, row, env.now());
  return row;
}

/** Who an escalation calls on: the supervisors, or else the escalation channel, with a warning. */
export interface EscalationMention {
  mention: string;
  /** set when the team has no supervisor (a line for the post) */
  warning: string | null;
}

/**
 * The supervisors to mention; with none on the team, the escalation channel and a warning
 * that says so (nobody is left believing a supervisor was told).
 *
 * @example
 * ```ts
 * const { mention, warning } = await supervisorsMention(env, tx);
 * ```
 */
export async function supervisorsMention(env: StaffEnv, tx: Store): Promise<EscalationMention> {
  const list = await tx.staff.withRoles(["supervisor"]);
  if (list.length) return { mention: list.map((row) => env.mention(row.slackUserId)).join(" "), warning: null };
  const channel = env.channels.escalation ?? env.channels.triage;
  return {
    mention: channel ? env.channelMention(channel) : env.channelText.sla.noSupervisors,
    warning: env.channelText.sla.noSupervisorWarning,
  };
}

/** Every manager's platform user: managers in the directory and the bootstrap managers. */
export async function managerUserIds(env: StaffEnv, tx: Store): Promise<Set<string>> {
  return new Set([...(await tx.staff.withRoles(["manager"])).map((row) => row.slackUserId), ...env.options.adminUserIds]);
}

/** The acting manager, or null after telling them why not. */
async function manager(env: StaffEnv, tx: Store, ctx: StaffContext): Promise<StaffRow | null> {
  const me = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(me);
  if (!me) {
    await env.tell(tx, ctx, text.notStaff);
    return null;
  }
  if (!can(me.role, "staff_admin")) {
    await env.tell(tx, ctx, text.noPermission(text.roles[me.role] ?? me.role));
    return null;
  }
  return me;
}

/** `/desk staff add @user role`: managers only. */
export async function staffAdd(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  target: { userId: string; name?: string } | null,
  roleText: string,
): Promise<void> {
  const me = await manager(env, tx, ctx);
  if (!me) return;
  const text = env.textFor(me);
  if (!target) return env.tell(tx, ctx, text.needMention);
  const role = parseRole(roleText);
  if (!role) return env.tell(tx, ctx, text.badRole);
  // with a profile source the mention's label is a handle: the name is read after the ack
  const added = await tx.staff.upsert(target.userId, role, env.options.profileNames ? undefined : target.name);
  if (env.options.profileNames) await refreshNameIfStale(tx, added, env.now());
  await env.tell(tx, ctx, text.staffAdded(env.mention(target.userId), text.roles[role] ?? role));
}

/** `/desk staff remove @user`: managers only. */
export async function staffRemove(env: StaffEnv, tx: Store, ctx: StaffContext, target: { userId: string } | null): Promise<void> {
  const me = await manager(env, tx, ctx);
  if (!me) return;
  const text = env.textFor(me);
  if (!target) return env.tell(tx, ctx, text.needMention);
  const removed = await tx.staff.deactivate(target.userId);
  await env.tell(tx, ctx, removed ? text.staffRemoved(env.mention(target.userId)) : text.staffNotFound(env.mention(target.userId)));
}

/** `/desk staff list`: any staff member. */
export async function staffList(env: StaffEnv, tx: Store, ctx: StaffContext): Promise<void> {
  const me = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(me);
  if (!me) return env.tell(tx, ctx, text.notStaff);
  const list = await tx.staff.list();
  if (!list.length) return env.tell(tx, ctx, text.staffEmpty);
  await env.tell(tx, ctx, {
    title: text.staffList,
    body: list
      .map((row) => `${env.mention(row.slackUserId)} · ${text.roles[row.role] ?? row.role}${row.name ? ` · ${row.name}` : ""}`)
      .join("\n"),
  });
}
