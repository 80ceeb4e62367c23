export { OutboxSender, type SenderOptions, type SenderStats } from "./sender.ts";
export { createPacer, type Pacer, type PaceLimits } from "./pacer.ts";
export { DeliveryError, type DeliveryContext, type DeliveryErrorCode, type DeliveryResult, type Transport } from "./transport.ts";
