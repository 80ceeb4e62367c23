/**
 * The codes of the flows about the shop's records and proactive service: button actions (in
 * Telegram's callback data, staying in customers' chats for months) and conversation flows
 * (saved with a conversation in progress). Persisted values, like those of `codes.ts`:
 * never change a value. Kept apart from `codes.ts` so each list stays with its flows.
 *
 * @example
 * ```ts
 * const row = [{ label: t.thatsMe, action: RECORD_BUTTON.linkFile, value: "yes" }];
 * ```
 */
export const RECORD_BUTTON = {
  /** report draft: one of the customer's own products on file (value: the product id) */
  myProduct: "myp",
  /** linking the shop's file: "that's me" or "not me" (value: "yes" | "no") */
  linkFile: "lnk",
  /** a proactive reminder's answer (value: "reminderId:choice", see core/proactive/answer.ts) */
  reminder: "rem",
  /** adding a product to the file (value: "start", "c:<category>", "m:?", "p:?", "ph:skip") */
  addProduct: "addp",
} as const;

export type RecordButtonCode = (typeof RECORD_BUTTON)[keyof typeof RECORD_BUTTON];

/** Conversations in progress of these flows. */
export const RECORD_FLOW = {
  /** asked whether the shop's file found for their number is theirs (step: "confirm") */
  link: "link",
  /** adding a product from /products (step: "category" | "model" | "purchase" | "photo") */
  addProduct: "addprod",
} as const;
