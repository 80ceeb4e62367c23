export { CustomerDesk, type CustomerDeskOptions, type Draft, type Handled } from "./desk.ts";
export { CUSTOMER_PLATFORM, callbackChatKey, enqueueReplies, repliesToOutbox } from "./outbound.ts";
export { MAX_INPUT_TEXT, type CustomerInput, type CustomerRef, type Reply } from "./types.ts";
export { detectCategory, detectKind, detectModel } from "./detect.ts";
