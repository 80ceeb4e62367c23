/**
 * The codes the customer side stores and sends: button actions (they travel in Telegram's
 * callback data and stay in customers' chats for months) and conversation flows (saved with
 * the customer's conversation in progress). Both are persisted values: rename the constants
 * freely, but never change a value, or old buttons and saved conversations stop working.
 */

/**
 * Button action codes, by what the button does.
 *
 * @example
 * ```ts
 * const row = [{ label: m.buttons.keep, action: BUTTON.keepTicket, value: String(ref) }];
 * ```
 */
export const BUTTON = {
  /** choose the chat language (value: "zh-CN" | "en") */
  language: "lang",
  /** report draft: the kind of service (value: a report kind) */
  reportKind: "kind",
  /** report draft: the product category (value: a category) */
  product: "prod",
  /** report draft: "I don't know the model" */
  modelUnknown: "model",
  /** report draft: "I don't know the purchase date" */
  purchaseUnknown: "buy",
  /** report draft or profile: city or suburb (value: an area) */
  area: "area",
  /** report draft: throw the draft away */
  cancelDraft: "draft",
  /** profile: edit one field (value: the field) */
  profileField: "pf",
  /** callback survey: one answer (value: "surveyId:step:choice") */
  survey: "sv",
  /** start a complaint about a ticket (value: the ticket ref) */
  complain: "cmp",
  /** complaint: which ticket it is about (value: a ref, or "none") */
  complaintTicket: "cmpt",
  /** complaint: what kind of complaint (value: a complaint choice) */
  complaintKind: "cmpk",
  /** "is this a complaint?" — yes */
  confirmComplaint: "cmpy",
  /** "is this a complaint?" — no, carry on */
  notComplaint: "cmpn",
  /** first-line help: the steps solved it (value: the ticket ref) */
  faqSolved: "faq_ok",
  /** first-line help: still needs service (value: the ticket ref) */
  faqNeedService: "faq_no",
  /** first-line help: the rest of a long answer (value: the ticket ref) */
  faqMore: "faq_more",
  /** report draft: one of the suggested entries (value: its place among the suggestions, "0"…) */
  suggestion: "sug",
  /** report draft: none of the suggested entries, go on with the report */
  noSuggestion: "sug_no",
  /** appointment: this window (value: "ref:start minute since 1970") */
  window: "win",
  /** appointment: none of these windows suits (value: the ticket ref) */
  windowOther: "win_other",
  /** appointment: change the chosen window (value: the ticket ref) */
  windowChange: "win_change",
  /** cancel a ticket, confirmed (value: the ticket ref) */
  cancelTicket: "cx",
  /** keep the ticket after all (value: the ticket ref) */
  keepTicket: "cxk",
} as const;

export type ButtonCode = (typeof BUTTON)[keyof typeof BUTTON];

/** The conversation in progress, as saved for a customer. */
export const FLOW = {
  /** collecting a fault report (step: the question asked) */
  report: "report",
  /** editing one profile field (step: the field) */
  profile: "profile",
  /** collecting a complaint (step: "ticket" | "kind" | "text") */
  complaint: "complaint",
  /** asked whether free text is a complaint */
  complaintConfirm: "complaint_confirm",
  /** waiting for the comment of a callback survey */
  surveyComment: "comment",
} as const;
