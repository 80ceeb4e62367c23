/**
 * `/notifications on|off [kind]`: the customer turns reminders off (or on again), all of them
 * or one kind (contracts, consumables, warranty, checkin). Kept in the customer file
 * (`notifyOff`); the scan skips them and the send job checks again before anything goes out.
 */
import type { TurnContext } from "../customer/context.ts";
import { proactiveText } from "../i18n/proactive.ts";
import { REMINDER_KINDS, type ReminderKind } from "./kinds.ts";

/** How customers name a kind, in both languages. */
const KIND_WORDS: Record<string, ReminderKind> = {
  contract: "contract",
  contracts: "contract",
  合同: "contract",
  续约: "contract",
  consumable: "consumable",
  consumables: "consumable",
  filter: "consumable",
  filters: "consumable",
  耗材: "consumable",
  滤芯: "consumable",
  warranty: "warranty",
  保修: "warranty",
  checkin: "checkin",
  "check-in": "checkin",
  回访: "checkin",
};
const ON = /^(on|开|开启|打开)$/i;
const OFF = /^(off|关|关闭)$/i;

/**
 * The kinds turned off after a change: `kind` null means all. Turning one kind on while all
 * are off leaves the others off.
 *
 * @example
 * ```ts
 * nextNotifyOff(["all"], true, "consumable"); // ["contract", "warranty", "checkin"]
 * ```
 */
export function nextNotifyOff(current: readonly string[], on: boolean, kind: ReminderKind | null): string[] {
  if (!kind) return on ? [] : ["all"];
  const expanded = current.includes("all") ? [...REMINDER_KINDS] : current.filter((k) => k !== "all");
  const set = new Set<string>(expanded);
  if (on) set.delete(kind);
  else set.add(kind);
  return REMINDER_KINDS.filter((k) => set.has(k));
}

/**
 * @example
 * ```ts
 * await notificationsCommand(turn, "off consumables");
 * ```
 */
export async function notificationsCommand(turn: TurnContext, args: string): Promise<void> {
  const t = proactiveText(turn.customer.lang);
  const [verb = "", word] = args.trim().split(/\s+/);
  const off = turn.customer.notifyOff ?? [];
  const named = (list: readonly string[]) => (list.includes("all") ? REMINDER_KINDS : list).map((k) => t.kinds[k] ?? k);
  if (!verb) return turn.send(`${t.notifications.status(named(off))}\n${t.notifications.usage}`);
  const on = ON.test(verb);
  if (!on && !OFF.test(verb)) return turn.send(t.notifications.usage);
  const kind = word ? KIND_WORDS[word.toLowerCase()] : null;
  if (word && !kind) return turn.send(t.notifications.usage);
  turn.customer = await turn.tx.reminders.setNotifyOff(turn.customer.id, nextNotifyOff(off, on, kind ?? null));
  if (!kind) return turn.send(on ? t.notifications.allOn : t.notifications.allOff);
  turn.send(on ? t.notifications.kindOn(t.kinds[kind]!) : t.notifications.kindOff(t.kinds[kind]!));
}
