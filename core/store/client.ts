import type { Prisma } from "./generated/client.ts";

/** A Prisma client or an interactive-transaction client: repositories work on either. */
export type Client = Prisma.TransactionClient;
