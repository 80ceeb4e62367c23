/**
 * Where free text and photos go: to the conversation in progress (a report, a profile
 * edit, a complaint, a survey comment); else, if it reads like a complaint, to the
 * "is this a complaint?" question; else to the customer's open ticket; else it starts a
 * new report.
 */
import { looksLikeComplaint } from "../domain/complaint.ts";
import { OPEN_STATUSES } from "../domain/ticket.ts";
import { FLOW } from "./codes.ts";
import { askIfComplaint, complaintAnswer, type ComplaintDraft } from "./complaint.ts";
import type { TurnContext } from "./context.ts";
import { attachToTicket } from "./follow-up.ts";
import { clip } from "./format.ts";
import { askNext, reportAnswer, startReport, type Draft, type Step } from "./intake.ts";
import { addToOfferedTicket } from "./open-ticket.ts";
import { prefill } from "./prefill.ts";
import { profileAnswer, type ProfileEdit } from "./profile.ts";
import { RECORD_FLOW } from "./record-codes.ts";
import type { ProfileField } from "./profile-fields.ts";
import { MAX_DESCRIPTION } from "./types.ts";

type Photo = { fileId: string; caption?: string };

/**
 * Free text (already trimmed and within the length limit).
 *
 * @example
 * ```ts
 * await onText(turn, "冰箱不制冷了"); // a new report, or a message on the open ticket
 * ```
 */
export async function onText(turn: TurnContext, text: string): Promise<void> {
  if (!text) return;
  const conversation = await turn.conversation();
  const surveys = turn.options.surveys;
  switch (conversation?.flow) {
    case FLOW.profile:
      return profileAnswer(turn, conversation.step as ProfileField, text, conversation.data as ProfileEdit | null);
    case FLOW.report:
      return reportAnswer(turn, conversation.step as Step, text, conversation.data as unknown as Draft);
    case FLOW.complaint:
      return complaintAnswer(turn, conversation.step, text, conversation.data as ComplaintDraft);
    case RECORD_FLOW.link:
      // the "is this your file?" question waits for its buttons
      return turn.send(turn.ui.invalid.pickButton);
    case RECORD_FLOW.addProduct:
      if (turn.options.proactive) return turn.options.proactive.addProductText(turn, conversation.step, text, conversation.data);
  }
  if (conversation?.flow === FLOW.surveyComment && surveys) {
    const data = conversation.data as { surveyId: number; messageId: number | null };
    turn.replies.push(...(await surveys.comment(turn.tx, turn.customer.id, data, text)));
    return;
  }
  if (conversation?.flow === FLOW.complaintConfirm) {
    // typing on instead of answering means "no": carry on with what they wrote
    await turn.tx.customers.clearConversation(turn.customer.id);
  } else if (looksLikeComplaint(text) || turn.prepared.understanding?.intent === "complaint") {
    return askIfComplaint(turn, text);
  }
  const open = await turn.tx.tickets.latestForCustomer(turn.customer.id, OPEN_STATUSES);
  if (open) return attachToTicket(turn, open, text, []);
  // a new report, with this text as the description
  const draft: Draft = { description: clip(text, MAX_DESCRIPTION), photos: [] };
  prefill(draft, text, turn.prepared.understanding, turn.catalogue);
  return startReport(turn, draft);
}

/** A photo (its caption trimmed): part of a report in progress, the open ticket, or a new report. */
export async function onPhoto(turn: TurnContext, fileId: string, caption?: string): Promise<void> {
  const photo: Photo = { fileId, caption };
  const conversation = await turn.conversation();
  if (conversation?.flow === RECORD_FLOW.addProduct && turn.options.proactive)
    return turn.options.proactive.addProductPhoto(turn, conversation.step, fileId, conversation.data);
  if (conversation?.flow === FLOW.report) {
    const draft = conversation.data as unknown as Draft;
    if (draft.ticketId) {
      // the ticket is open already (first-line help): the photo joins it
      return addToOfferedTicket(turn, draft, caption ?? "", [photo]);
    }
    draft.photos = [...(draft.photos ?? []), photo];
    if (caption && !draft.description) {
      draft.description = clip(caption, MAX_DESCRIPTION);
      prefill(draft, caption, undefined, turn.catalogue);
    }
    return askNext(turn, draft, draft.description ? turn.ui.photoSaved : undefined);
  }
  const open = await turn.tx.tickets.latestForCustomer(turn.customer.id, OPEN_STATUSES);
  if (open) return attachToTicket(turn, open, caption ?? "", [photo]);
  const draft: Draft = { photos: [photo] };
  if (caption) {
    draft.description = clip(caption, MAX_DESCRIPTION);
    prefill(draft, caption, undefined, turn.catalogue);
  }
  return startReport(turn, draft, caption ? undefined : turn.ui.photoNeedsText);
}
