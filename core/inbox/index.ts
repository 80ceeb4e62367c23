export { InboxProcessor, type InboundContext, type InboundHandler, type GiveUpHandler, type ProcessorOptions } from "./processor.ts";
