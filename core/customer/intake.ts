/**
 * Fault-report intake: a state machine over one draft. Each turn fills what the customer's
 * answer gives (typed or tapped), saves the draft, and asks the next missing question —
 * kind of service, product, model, purchase date, description, then whatever the customer
 * file lacks (name, phone, address, area).
 *
 * Help comes first: as soon as the draft has a description, the knowledge base is asked. With
 * one confident answer the ticket is opened at once (its reference given) and the steps are
 * sent with Solved / Still need service before any other question; the rest of the form is
 * asked only if the customer still needs service. Without one, a few entries that match the
 * description may be offered to pick from (suggestions.ts); otherwise, or when none of them
 * is it, the form goes on and the ticket is opened and queued when nothing is missing.
 */
import type { CardButton, MessageCard } from "../card.ts";
import { AREAS } from "../domain/customer.ts";
import { parsePurchaseDate } from "../domain/date.ts";
import { REPORT_KINDS } from "../domain/ticket.ts";
import type { ConversationRow, JsonValue } from "../store/index.ts";
import { BUTTON, FLOW } from "./codes.ts";
import { RECORD_BUTTON } from "./record-codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { detectKind, detectModel, isDontKnow } from "./detect.ts";
import { chunk, clip, matchChoice } from "./format.ts";
import { findFirstLine, findSuggestions, type FirstLineMatch } from "./first-line-match.ts";
import { suggestedEntries, suggestionCard, suggestsFor } from "./suggestions.ts";
import { addToOfferedTicket, completeTicket, openTicket } from "./open-ticket.ts";
import { kindOf, prefill } from "./prefill.ts";
import { categoryButtons, chooseProductButton, chooseProductText, productQuestion } from "./product-choice.ts";
import { recordsText } from "../i18n/records.ts";
import { saveProfileField, type ProfileField } from "./profile-fields.ts";
import { MAX_DESCRIPTION, MAX_FIELD } from "./types.ts";

/** A report being collected. `null` means "the customer doesn't know". */
export interface Draft {
  kind?: string;
  category?: string;
  model?: string | null;
  purchase?: string | null;
  /** the customer gave a month, not a day ("2026年3月") */
  purchasePrecision?: "day" | "month";
  description?: string;
  photos: { fileId: string; caption?: string }[];
  /** the customer's own product on file the report is about (see product-choice.ts) */
  productId?: number;
  /** a group of categories picked at the product step, awaiting which member */
  group?: string;
  /**
   * first-line help: steps offered (awaiting the buttons), declined by the customer, none
   * fits, or entries suggested to pick from (awaiting a tap)
   */
  firstLine?: "offered" | "not_solved" | "none" | "suggested";
  /** the ids of the entries suggested (see suggestions.ts) */
  suggested?: string[];
  /** the ticket opened when the steps were offered (the form then completes it) */
  ticketId?: number;
}

/** The question a draft is waiting on (saved as the conversation's step). */
export type Step = "kind" | "product" | "model" | "purchase" | "description" | "first_line" | "suggest" | ProfileField;

/** Steps whose free-text answer may describe the fault (worth reading with the LLM). */
export const DESCRIBING_STEPS: readonly Step[] = ["kind", "product", "description", "first_line", "suggest"];

/** The shortest description taken. */
export const MIN_DESCRIPTION_CHARS = 2;
const KINDS_PER_ROW = 2;

/**
 * Starts (or continues) a report from what is known so far.
 *
 * @example
 * ```ts
 * await startReport(turn, { description: "冰箱不制冷了", photos: [] });
 * ```
 */
export function startReport(turn: TurnContext, draft: Draft, note?: string): Promise<void> {
  return askNext(turn, draft, note);
}

/** /new: throws away any conversation in progress and starts an empty report. */
export async function newReport(turn: TurnContext): Promise<void> {
  await turn.tx.customers.clearConversation(turn.customer.id);
  return startReport(turn, { photos: [] });
}

/** Asks the pending question again, if a report is in progress (after /start). */
export async function resumeDraft(turn: TurnContext): Promise<void> {
  const conversation = await turn.conversation();
  if (conversation?.flow === FLOW.report) {
    return askNext(turn, conversation.data as unknown as Draft, turn.ui.draftContinue);
  }
}

/** The question a draft waits on next, or null when the report is complete. */
export function nextStep(turn: TurnContext, draft: Draft): Step | null {
  if (draft.firstLine === "offered") return "first_line";
  if (draft.firstLine === "suggested") return "suggest";
  return formStep(turn, draft);
}

/** The next question of the form itself. */
function formStep(turn: TurnContext, draft: Draft): Exclude<Step, "first_line" | "suggest"> | null {
  if (draft.kind === undefined) return "kind";
  if (draft.category === undefined) return "product";
  if (draft.model === undefined) return "model";
  if (draft.purchase === undefined) return "purchase";
  if (!draft.description) return "description";
  const customer = turn.customer;
  if (!customer.name) return "name";
  if (!customer.phone) return "phone";
  if (!customer.address) return "address";
  if (!customer.area) return "area";
  return null;
}

/**
 * Saves the draft and asks the next missing question, or opens (or completes) the ticket when
 * nothing is missing. A new description is first checked against the knowledge base.
 */
export async function askNext(turn: TurnContext, draft: Draft, note?: string): Promise<void> {
  if (draft.description && draft.firstLine === undefined) {
    const match = findFirstLine(turn, draft.description, draft.category);
    if (match) return offerSteps(turn, draft, match, note);
    const offered = suggestsFor(draft.kind) ? findSuggestions(turn, draft.description, draft.category) : [];
    draft.firstLine = offered.length ? "suggested" : "none";
    if (offered.length) draft.suggested = offered.map((e) => e.id);
  } else if (draft.firstLine === "suggested") {
    // asked again (a photo, /start): the entries as the KB has them now, so the buttons and
    // the saved ids stay in step; none left, and the report goes on
    draft.suggested = suggestedEntries(turn, draft.suggested).map((e) => e.id);
    if (!draft.suggested.length) draft.firstLine = "none";
  }
  const step = nextStep(turn, draft);
  if (!step) {
    await turn.tx.customers.clearConversation(turn.customer.id);
    if (note) turn.send(note);
    if (draft.ticketId) return completeTicket(turn, draft, draft.ticketId);
    await openTicket(turn, draft);
    return;
  }
  await turn.tx.customers.setConversation(turn.customer.id, FLOW.report, step, draft as unknown as JsonValue);
  if (step === "suggest") return turn.send(suggestionCard(turn, suggestedEntries(turn, draft.suggested), note));
  turn.send(step === "product" ? await productQuestion(turn, draft, note) : question(turn, step, note));
}

/** One confident answer (or the one the customer picked): the ticket opens with the steps. */
async function offerSteps(turn: TurnContext, draft: Draft, match: FirstLineMatch, note?: string): Promise<void> {
  draft.firstLine = "offered";
  if (note) turn.send(note);
  const ticket = await openTicket(turn, draft, match);
  draft.ticketId = ticket.id;
  // the draft waits for the buttons when Still need service would ask more
  if (formStep(turn, draft)) {
    await turn.tx.customers.setConversation(turn.customer.id, FLOW.report, "first_line", draft as unknown as JsonValue);
  } else {
    await turn.tx.customers.clearConversation(turn.customer.id);
  }
}

/** The question for one step, with its buttons (also used when a profile field is edited). */
export function question(turn: TurnContext, step: Step, note?: string): MessageCard {
  const ui = turn.ui;
  const body = (note ? note + "\n\n" : "") + ui.ask[step];
  switch (step) {
    case "kind": {
      const kinds: CardButton[] = REPORT_KINDS.map((kind) => ({ label: ui.kinds[kind] ?? kind, action: BUTTON.reportKind, value: kind }));
      return {
        body,
        buttons: chunk(kinds, KINDS_PER_ROW).concat([[{ label: ui.buttons.cancelDraft, action: BUTTON.cancelDraft, value: "x" }]]),
      };
    }
    case "product":
      return { body, buttons: categoryButtons(turn) };
    case "model":
      return { body, buttons: [[{ label: ui.buttons.unknown, action: BUTTON.modelUnknown, value: "?" }]] };
    case "purchase":
      return { body, buttons: [[{ label: ui.buttons.unknown, action: BUTTON.purchaseUnknown, value: "?" }]] };
    case "area":
      return { body, buttons: [AREAS.map((area) => ({ label: ui.areas[area] ?? area, action: BUTTON.area, value: area }))] };
    case "phone":
      return { body, contactRequest: recordsText(turn.customer.lang).contactButton };
    default:
      return { body };
  }
}

/** A typed answer to the pending question: stored if valid, else the question is asked again. */
export async function reportAnswer(turn: TurnContext, step: Step, text: string, draft: Draft): Promise<void> {
  draft.photos ??= [];
  const ui = turn.ui;
  const understanding = turn.prepared.understanding;
  const retry = (problem: string) => {
    turn.send(question(turn, step, problem));
  };
  switch (step) {
    case "first_line":
      // the steps wait for Solved / Still need service; what is typed meanwhile joins the ticket
      return addToOfferedTicket(turn, draft, text, []);
    case "suggest":
      // typed instead of a tap: it says more about the fault, and the report goes on
      draft.description = clip(`${draft.description ?? ""}\n${text}`.trim(), MAX_DESCRIPTION);
      draft.firstLine = "none";
      break;
    case "kind": {
      const kind = matchChoice(text, REPORT_KINDS, ui.kinds) ?? detectKind(text) ?? kindOf(understanding);
      if (!kind || !(REPORT_KINDS as readonly string[]).includes(kind)) return retry(ui.invalid.pickButton);
      draft.kind = kind;
      break;
    }
    case "product": {
      if (!(await chooseProductText(turn, draft, text))) return turn.send(await productQuestion(turn, draft, ui.invalid.pickButton));
      if (draft.model === undefined) draft.model = detectModel(text);
      break;
    }
    case "model":
      if (isDontKnow(text)) draft.model = null;
      else if (text.length > MAX_FIELD.model) return retry(ui.invalid.tooLongField(MAX_FIELD.model));
      else draft.model = text.normalize("NFKC").toUpperCase();
      break;
    case "purchase": {
      if (isDontKnow(text)) {
        draft.purchase = null;
        break;
      }
      const parsed = parsePurchaseDate(text, turn.now, turn.options.timeZone);
      if (!parsed.ok) return retry(ui.invalid[parsed.code]);
      draft.purchase = parsed.iso;
      draft.purchasePrecision = parsed.precision;
      break;
    }
    case "description":
      if (text.length < MIN_DESCRIPTION_CHARS) return retry(ui.invalid.tooShort);
      draft.description = clip(text, MAX_DESCRIPTION);
      prefill(draft, text, understanding, turn.catalogue);
      break;
    case "name":
    case "phone":
    case "address":
    case "area": {
      const problem = await saveProfileField(turn, step, text);
      if (problem) return retry(problem);
      break;
    }
  }
  return askNext(turn, draft);
}

/**
 * A tap on one of the draft's buttons (kind, product, "don't know", area, cancel). Taps on
 * a draft that is no longer in progress are answered as stale.
 *
 * @param known the conversation, when the caller has already read it
 */
export async function draftButton(turn: TurnContext, tap: ButtonTap, known?: ConversationRow | null): Promise<void> {
  const conversation = known === undefined ? await turn.conversation() : known;
  if (conversation?.flow !== FLOW.report) return tap.answer(turn.ui.stale);
  const draft = conversation.data as unknown as Draft;
  draft.photos ??= [];
  tap.answer();
  const value = tap.value;
  switch (tap.action) {
    case BUTTON.cancelDraft:
      await turn.tx.customers.clearConversation(turn.customer.id);
      return turn.send(turn.ui.draftCancelled);
    case BUTTON.reportKind:
      if (!value || !(REPORT_KINDS as readonly string[]).includes(value)) return;
      draft.kind = value;
      break;
    case BUTTON.product:
    case RECORD_BUTTON.myProduct:
      if (!(await chooseProductButton(turn, draft, tap.action, value))) return;
      break;
    case BUTTON.modelUnknown:
      draft.model = null;
      break;
    case BUTTON.purchaseUnknown:
      draft.purchase = null;
      break;
    case BUTTON.area:
      if (!value || !(AREAS as readonly string[]).includes(value)) return;
      turn.customer = await turn.tx.customers.update(turn.customer.id, { area: value });
      break;
    case BUTTON.suggestion:
    case BUTTON.noSuggestion: {
      if (draft.firstLine !== "suggested") return; // an old suggestion, already answered
      const id = tap.action === BUTTON.suggestion ? draft.suggested?.[Number(value)] : undefined;
      const entry = id ? turn.options.faq.get(id) : undefined;
      if (entry) return offerSteps(turn, draft, { entry, text: entry.body, generated: false, score: null, picked: true });
      draft.firstLine = "none"; // none of these (or an entry gone since): the report goes on, to staff
      break;
    }
  }
  return askNext(turn, draft);
}
