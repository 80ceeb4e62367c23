/**
 * Saved replies (常用回复): texts staff send often ("请先拔掉电源等 10 分钟再试"), kept by
 * keyword in each language. `/desk reply #1024 <keyword>` sends the saved reply — or, when no
 * reply has that keyword, the KB entry of that id (`fridge-not-cooling`, in the customer's
 * language) — to the ticket's customer, and records it on the ticket and in its thread.
 * Supervisors manage them: `/desk replies add <keyword> [zh|en] <text>`, `remove`, `list`.
 */
import { formatRef } from "../domain/ticket.ts";
import { repliesText } from "../i18n/replies.ts";
import type { Store } from "../store/index.ts";
import type { StaffContext, StaffEnv } from "./context.ts";
import { member } from "./directory.ts";
import { guard } from "./guard.ts";
import { can } from "./roles.ts";
import { postInThread } from "./thread.ts";

/** The longest keyword, and the longest saved text (a chat message, well within Telegram's 4096). */
export const MAX_KEYWORD = 40;
export const MAX_SAVED_REPLY = 2000;

const LANGS: Record<string, "zh-CN" | "en"> = { zh: "zh-CN", "zh-cn": "zh-CN", 中文: "zh-CN", en: "en", english: "en", 英文: "en" };

/** What `/desk reply` finds for a keyword in a language. */
interface Found {
  text: string;
  source: "saved" | "kb";
}

async function findReply(tx: Store, keyword: string, lang: string): Promise<Found | null> {
  const saved = await tx.savedReplies.byKeyword(keyword);
  const own = saved.find((row) => row.lang === lang) ?? saved[0];
  if (own) return { text: own.text, source: "saved" };
  const suffix = lang === "en" ? "en" : "zh";
  const entry = (await tx.kb.byId(`${keyword}-${suffix}`)) ?? (await tx.kb.byId(keyword));
  return entry ? { text: `${entry.title}\n\n${entry.body}`, source: "kb" } : null;
}

/**
 * `/desk reply #1024 <keyword>`: sends the saved reply (or KB entry) to the customer.
 *
 * @example
 * ```ts
 * await sendSavedReply(env, tx, ctx, 1024, "unplug");
 * ```
 */
export async function sendSavedReply(
  env: StaffEnv,
  tx: Store,
  ctx: StaffContext,
  ref: number | null,
  keyword: string | undefined,
): Promise<void> {
  const allowed = await guard(env, tx, ctx, ref, "work", { ownOnly: true });
  if (!allowed) return;
  const { staff, ticket } = allowed;
  const rt = repliesText(staff.lang);
  const key = (keyword ?? "").trim().toLowerCase();
  if (!key) return env.tell(tx, ctx, rt.usage);
  const customer = await tx.customers.get(ticket.customerId);
  const lang = customer?.lang ?? ticket.lang;
  const found = await findReply(tx, key, lang);
  if (!found) return env.tell(tx, ctx, rt.notFound(key));
  const now = env.now();
  await tx.tickets.addMessage(ticket.id, "staff", found.text, now, { authorId: staff.slackUserId });
  await tx.tickets.event(ticket.id, "saved_reply", env.actor(staff), now, { keyword: key, source: found.source, lang });
  if (!ticket.firstResponseAt) await tx.tickets.patch(ticket.id, { firstResponseAt: now });
  await env.notifyCustomer(
    tx,
    ticket,
    (customerText) => `${customerText.notify.reply(formatRef(ticket.ref), customerText.notify.engineer(staff.name))}\n${found.text}`,
  );
  await postInThread(env, tx, ticket, repliesText(env.options.staffLang).sent(env.mention(staff.slackUserId), key, found.text));
}

/**
 * `/desk replies add|remove|list`: supervisors and managers manage the saved replies.
 *
 * @example
 * ```ts
 * await manageReplies(env, tx, ctx, ["add", "unplug", "zh", "请先拔掉电源，等", "10", "分钟再试。"]);
 * ```
 */
export async function manageReplies(env: StaffEnv, tx: Store, ctx: StaffContext, args: string[]): Promise<void> {
  const me = await member(env, tx, ctx.userId, ctx.name);
  const text = env.textFor(me);
  if (!me) return env.tell(tx, ctx, text.notStaff);
  const rt = repliesText(me.lang);
  const [op = "list", rawKey, ...rest] = args;
  if (op === "list") {
    const rows = await tx.savedReplies.list();
    if (!rows.length) return env.tell(tx, ctx, rt.empty);
    return env.tell(tx, ctx, {
      title: rt.title,
      body: rows.map((row) => `• ${row.keyword} (${row.lang}): ${row.text}`).join("\n"),
    });
  }
  if (!can(me.role, "work_any")) return env.tell(tx, ctx, text.noPermission(text.roles[me.role] ?? me.role));
  const keyword = (rawKey ?? "").trim().toLowerCase();
  if (!keyword || keyword.length > MAX_KEYWORD) return env.tell(tx, ctx, rt.usage);
  if (op === "remove" || op === "rm") {
    const removed = await tx.savedReplies.remove(keyword);
    return env.tell(tx, ctx, removed ? rt.removed(keyword) : rt.notFound(keyword));
  }
  if (op !== "add") return env.tell(tx, ctx, rt.usage);
  const lang = LANGS[(rest[0] ?? "").toLowerCase()];
  const body = (lang ? rest.slice(1) : rest).join(" ").trim();
  if (!body || body.length > MAX_SAVED_REPLY) return env.tell(tx, ctx, rt.usage);
  await tx.savedReplies.save(keyword, lang ?? "zh-CN", body, me.slackUserId, env.now());
  await env.tell(tx, ctx, rt.saved(keyword, lang ?? "zh-CN"));
}
