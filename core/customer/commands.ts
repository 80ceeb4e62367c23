/**
 * The general commands: /start greets the customer (and picks up a report in progress),
 * /help lists what the bot does, /lang sets the chat language (zh-CN or en).
 */
import { isLang, type Lang } from "../domain/customer.ts";
import { BUTTON } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { resumeDraft } from "./intake.ts";

/** How a language is named in /lang's argument. */
const CHINESE = /^(zh|cn|中文|zh-cn)/;
const ENGLISH = /^(en|english|英文)/;

/**
 * /start: the greeting, then the pending question of a report in progress.
 *
 * @example
 * ```ts
 * await greet(turn); // "您好，…" and, mid-report, the question it stopped at
 * ```
 */
export function greet(turn: TurnContext): Promise<void> {
  turn.send(turn.ui.start(turn.customer.name ?? turn.customer.displayName ?? undefined));
  return resumeDraft(turn);
}

/** /help */
export function help(turn: TurnContext): void {
  turn.send(turn.ui.help());
}

/** /lang [zh|en]: sets the language, or offers both as buttons. */
export async function language(turn: TurnContext, args: string): Promise<void> {
  const named = args.toLowerCase();
  const lang: Lang | undefined = CHINESE.test(named) ? "zh-CN" : ENGLISH.test(named) ? "en" : undefined;
  if (lang) return setLanguage(turn, lang);
  turn.send({
    body: turn.ui.langPrompt,
    buttons: [
      [
        { label: "简体中文", action: BUTTON.language, value: "zh-CN" },
        { label: "English", action: BUTTON.language, value: "en" },
      ],
    ],
  });
}

/** A language button. */
export async function languageButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  tap.answer();
  if (tap.value && isLang(tap.value)) return setLanguage(turn, tap.value);
}

async function setLanguage(turn: TurnContext, lang: Lang): Promise<void> {
  turn.customer = await turn.tx.customers.update(turn.customer.id, { lang, langChosen: true });
  turn.send(turn.ui.langSet);
}
