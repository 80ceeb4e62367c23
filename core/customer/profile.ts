/**
 * The customer file (/profile): shown with an edit button per field; an edit asks for the
 * field, stores the typed answer, and goes back to a report that was in progress when the
 * edit started.
 */
import type { CardButton } from "../card.ts";
import type { JsonValue } from "../store/index.ts";
import { BUTTON, FLOW } from "./codes.ts";
import type { ButtonTap, TurnContext } from "./context.ts";
import { askNext, draftButton, question, type Draft } from "./intake.ts";
import { isProfileField, saveProfileField, type ProfileField } from "./profile-fields.ts";

/** What a profile edit remembers: the report it interrupted, if any. */
export interface ProfileEdit {
  resume?: { flow: string; step: string; data: JsonValue };
}

/**
 * /profile: the customer file, with a button to edit each field.
 *
 * @example
 * ```ts
 * await showProfile(turn); // turn.replies now holds the profile card
 * ```
 */
export function showProfile(turn: TurnContext): void {
  const { customer, ui } = turn;
  const edit = (field: ProfileField): CardButton => ({ label: ui.buttons.edit[field], action: BUTTON.profileField, value: field });
  const buttons: CardButton[][] = [
    [edit("name"), edit("phone")],
    [edit("address"), edit("area")],
  ];
  if (!customer.name && !customer.phone && !customer.address && !customer.area) {
    return turn.send({ title: ui.profileTitle, body: ui.profileEmpty, buttons });
  }
  const unknown = ui.summary.unknown;
  turn.send({
    title: ui.profileTitle,
    fields: [
      { label: ui.profileLabels.name, value: customer.name ?? unknown },
      { label: ui.profileLabels.phone, value: customer.phone ?? unknown },
      { label: ui.profileLabels.address, value: customer.address ?? unknown },
      { label: ui.profileLabels.area, value: customer.area ? (ui.areas[customer.area] ?? customer.area) : unknown },
    ],
    buttons,
  });
}

/** The edit button of one field: asks for it, remembering a report in progress. */
export async function editProfileField(turn: TurnContext, tap: ButtonTap): Promise<void> {
  tap.answer();
  const field = tap.value;
  if (!isProfileField(field)) return;
  const conversation = await turn.conversation();
  const resume =
    conversation?.flow === FLOW.report
      ? { flow: conversation.flow, step: conversation.step, data: conversation.data as JsonValue }
      : undefined;
  const edit: ProfileEdit = resume ? { resume } : {};
  await turn.tx.customers.setConversation(turn.customer.id, FLOW.profile, field, edit as JsonValue);
  turn.send(question(turn, field));
}

/** The typed value of the field being edited. */
export async function profileAnswer(turn: TurnContext, field: ProfileField, text: string, edit: ProfileEdit | null): Promise<void> {
  const problem = await saveProfileField(turn, field, text);
  if (problem) {
    turn.send(question(turn, field, problem));
    return;
  }
  turn.send(turn.ui.profileUpdated);
  if (edit?.resume) {
    return askNext(turn, edit.resume.data as unknown as Draft, turn.ui.draftContinue);
  }
  await turn.tx.customers.clearConversation(turn.customer.id);
  return showProfile(turn);
}

/** An area button: an answer to the profile edit of the area, else to the report draft. */
export async function areaButton(turn: TurnContext, tap: ButtonTap): Promise<void> {
  const conversation = await turn.conversation();
  if (conversation?.flow === FLOW.profile && conversation.step === "area" && tap.value) {
    tap.answer();
    return profileAnswer(turn, "area", turn.ui.areas[tap.value] ?? tap.value, conversation.data as ProfileEdit | null);
  }
  return draftButton(turn, tap, conversation);
}
