export { OutboxSender, type SenderOptions, type SenderStats } from "./sender.ts";
export { createPacer, type Pacer, type PaceLimits } from "./pacer.ts";
export { DeliveryError, type DeliveryContext, type DeliveryErrorCode, type DeliveryResult, type Transport } from "./transport.ts";
export { createSharedPacer, type SharedPacer, type SharedPacerOptions, type RedisClientLike } from "./shared-pacer.ts";
