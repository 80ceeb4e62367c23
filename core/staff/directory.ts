/**
 * The staff directory: who is staff (bootstrap managers are created on first use), who the
 * supervisors and managers are, and the managers' `/desk staff add|remove|list` commands.
 */
import type { StaffRow, Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { can, parseRole } from "./roles.ts";

/**
 * The staff member behind a platform user, or null. Bootstrap managers are created on first use.
 *
 * @example
 * ```ts
 * const staff = await member(env, tx, "U123");
 * ```
 */
export async function member(env: StaffEnv, tx: Store, userId: string, name?: string): Promise<StaffRow | null> {
  const row = await tx.staff.byUser(userId);
  if (row?.active) return row;
  if (env.options.adminUserIds.includes(userId)) return tx.staff.upsert(userId, "manager", name ?? row?.name);
  return null;
}

/** The supervisors to mention (the managers when there are none). */
export async function supervisorsMention(env: StaffEnv, tx: Store): Promise<string> {
  let list = await tx.staff.withRoles(["supervisor"]);
  if (!list.length) list = await tx.staff.withRoles(["manager"]);
  return list.length ? list.map((row) => env.mention(row.slackUserId)).join(" ") : env.channelText.sla.noSupervisors;
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
  await tx.staff.upsert(target.userId, role, target.name);
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
