export { CustomerDesk, type CustomerDeskOptions, type Handled, type Prepared } from "./desk.ts";
export type { Draft } from "./intake.ts";
export { BUTTON, FLOW, type ButtonCode } from "./codes.ts";
export { CUSTOMER_PLATFORM, callbackChatKey, enqueueReplies, repliesToOutbox } from "./outbound.ts";
export { MAX_INPUT_TEXT, type CustomerInput, type CustomerRef, type Reply } from "./types.ts";
export { detectCategory, detectKind, detectModel } from "./detect.ts";
