export {
  InboxProcessor,
  InvalidUpdateError,
  type InboundContext,
  type InboundHandler,
  type GiveUpHandler,
  type ProcessorOptions,
} from "./processor.ts";
export { cleanPayload, cleanText, REPLACEMENT_CHAR } from "./clean.ts";
