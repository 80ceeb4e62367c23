/**
 * Sends each customer input to its flow: commands by name (with their aliases), buttons by
 * action code, free text and photos to the conversation. Customers are served in private
 * chats only; in a group the bot says so and does nothing else.
 */
import { parseTicketRef } from "../domain/ticket.ts";
import { BUTTON, type ButtonCode } from "./codes.ts";
import { greet, help, language, languageButton } from "./commands.ts";
import { complainButton, complaintButton, complaintConfirmButton, startComplaint } from "./complaint.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { onPhoto, onText } from "./conversation.ts";
import { changeWindow, chooseWindow, otherTime } from "./appointment-choice.ts";
import { firstLineAnswer, moreSteps } from "./first-line-answer.ts";
import { draftButton, newReport } from "./intake.ts";
import { askCancel, cancelButton, listTickets, showStatus } from "./my-tickets.ts";
import { areaButton, editProfileField, showProfile } from "./profile.ts";
import { askForContact, linkFileButton, onContact } from "./link-file.ts";
import { RECORD_BUTTON, type RecordButtonCode } from "./record-codes.ts";
import { MAX_INPUT_TEXT, type CustomerInput, type CustomerRef } from "./types.ts";

export { BUTTON, FLOW, type ButtonCode } from "./codes.ts";

type CommandHandler = (turn: TurnContext, args: string) => Promise<void> | void;
type ButtonHandler = (turn: TurnContext, tap: ButtonTap) => Promise<void> | void;

const REPORT: CommandHandler = (turn) => newReport(turn);
const PROFILE: CommandHandler = (turn) => showProfile(turn);
const COMPLAINT: CommandHandler = (turn, args) => startComplaint(turn, parseTicketRef(args));
const LANGUAGE: CommandHandler = (turn, args) => language(turn, args);

/** Commands by name (lower case), aliases included. */
export const COMMANDS: ReadonlyMap<string, CommandHandler> = new Map<string, CommandHandler>([
  ["start", (turn) => greet(turn)],
  ["help", (turn) => help(turn)],
  ["lang", LANGUAGE],
  ["language", LANGUAGE],
  ["new", REPORT],
  ["report", REPORT],
  ["repair", REPORT],
  ["tickets", (turn) => listTickets(turn)],
  ["status", (turn, args) => showStatus(turn, args)],
  ["cancel", (turn, args) => askCancel(turn, args)],
  ["profile", PROFILE],
  ["me", PROFILE],
  ["complaint", COMPLAINT],
  ["complain", COMPLAINT],
  ["tousu", COMPLAINT],
  ["link", (turn) => askForContact(turn)],
  [
    "notifications",
    (turn, args) => turn.options.proactive?.notifications(turn, args) ?? turn.send(turn.ui.unknownCommand("/notifications")),
  ],
  ["products", (turn) => turn.options.proactive?.products(turn) ?? turn.send(turn.ui.unknownCommand("/products"))],
]);

const surveyButton: ButtonHandler = async (turn, tap) => {
  const surveys = turn.options.surveys;
  if (!surveys || !tap.value) return tap.answer(turn.ui.stale);
  turn.replies.push(...(await surveys.tap(turn.tx, turn.customer.id, tap.value, tap.callbackId, tap.messageId)));
};

/** Every button code and the flow that answers it. */
const BUTTONS: Record<ButtonCode, ButtonHandler> = {
  [BUTTON.language]: languageButton,
  [BUTTON.reportKind]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.product]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.modelUnknown]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.purchaseUnknown]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.cancelDraft]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.suggestion]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.noSuggestion]: (turn, tap) => draftButton(turn, tap),
  [BUTTON.area]: areaButton,
  [BUTTON.profileField]: editProfileField,
  [BUTTON.survey]: surveyButton,
  [BUTTON.complain]: complainButton,
  [BUTTON.complaintTicket]: complaintButton,
  [BUTTON.complaintKind]: complaintButton,
  [BUTTON.confirmComplaint]: complaintConfirmButton,
  [BUTTON.notComplaint]: complaintConfirmButton,
  [BUTTON.faqSolved]: firstLineAnswer,
  [BUTTON.faqNeedService]: firstLineAnswer,
  [BUTTON.faqMore]: moreSteps,
  [BUTTON.window]: chooseWindow,
  [BUTTON.windowOther]: otherTime,
  [BUTTON.windowChange]: changeWindow,
  [BUTTON.cancelTicket]: cancelButton,
  [BUTTON.keepTicket]: cancelButton,
};

/** The buttons of the flows about the shop's records (codes in record-codes.ts). */
const RECORD_BUTTONS: Record<RecordButtonCode, ButtonHandler> = {
  [RECORD_BUTTON.myProduct]: (turn, tap) => draftButton(turn, tap),
  [RECORD_BUTTON.linkFile]: linkFileButton,
  [RECORD_BUTTON.reminder]: (turn, tap) => turn.options.proactive?.answer(turn, tap) ?? tap.answer(turn.ui.stale),
  [RECORD_BUTTON.addProduct]: (turn, tap) => turn.options.proactive?.addProductTap(turn, tap) ?? tap.answer(turn.ui.stale),
};

function isButtonCode(action: string): action is ButtonCode {
  return Object.hasOwn(BUTTONS, action);
}

/**
 * Handles one input: its replies end up in `turn.replies`.
 *
 * @example
 * ```ts
 * const turn = new TurnContext(options, tx, customer, prepared);
 * await routeInput(turn, who, { type: "command", command: "tickets", args: "" });
 * ```
 */
export async function routeInput(turn: TurnContext, who: CustomerRef, input: CustomerInput): Promise<void> {
  const { ui } = turn;
  if (!who.privateChat) {
    if (input.type === "command" || input.type === "button") turn.send(ui.groupOnly);
    if (input.type === "button") turn.replies.push({ kind: "answer", callbackId: input.callbackId });
    return;
  }
  switch (input.type) {
    case "command": {
      const handler = COMMANDS.get(input.command.toLowerCase());
      if (!handler) return turn.send(ui.unknownCommand("/" + input.command.toLowerCase()));
      return handler(turn, input.args.trim());
    }
    case "text":
      if (input.text.length > MAX_INPUT_TEXT) return turn.send(ui.tooLong(MAX_INPUT_TEXT));
      return onText(turn, input.text.trim());
    case "photo":
      return onPhoto(turn, input.fileId, input.caption?.trim() || undefined);
    case "button": {
      const tap = turn.tap(input.action, input.value, input.callbackId, input.messageId);
      if (Object.hasOwn(RECORD_BUTTONS, input.action)) return RECORD_BUTTONS[input.action as RecordButtonCode](turn, tap);
      if (!isButtonCode(input.action)) return tap.answer(ui.stale);
      return BUTTONS[input.action](turn, tap);
    }
    case "contact":
      return onContact(turn, input);
    case "unsupported":
      return turn.send(ui.unsupported[input.what] ?? ui.unsupported.other);
  }
}
