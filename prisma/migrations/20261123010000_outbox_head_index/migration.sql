-- The outbox claim finds the head of each chat's queue among open messages
-- (core/store/outbox.ts). A partial index keeps that proportional to the open backlog
-- instead of the whole table. Prisma's schema language cannot express partial indexes
-- without the partialIndexes preview feature, so it lives here only.
CREATE INDEX "OutboxMessage_open_head_idx" ON "OutboxMessage" ("platform", "chatKey", "id") WHERE "status" IN ('pending', 'sending');
