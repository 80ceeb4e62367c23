-- Reports at scale: indexes for selecting a period's tickets by each instant, and the
-- warranty settlement fee on the repair card. Nothing to backfill: settlementFen stays null
-- on old repair records (the category default applies). Working hours need no column: the
-- reports pass the working calendar to SQL as arrays (core/store/work-calendar.ts).

-- AlterTable
ALTER TABLE "RepairRecord" ADD COLUMN     "settlementFen" INTEGER;

-- CreateIndex
CREATE INDEX "Ticket_createdAt_idx" ON "Ticket"("createdAt");

-- CreateIndex
CREATE INDEX "Ticket_resolvedAt_idx" ON "Ticket"("resolvedAt");

-- CreateIndex
CREATE INDEX "Ticket_closedAt_idx" ON "Ticket"("closedAt");

-- CreateIndex
CREATE INDEX "Ticket_arrivedAt_idx" ON "Ticket"("arrivedAt");

-- CreateIndex
CREATE INDEX "Ticket_parentId_idx" ON "Ticket"("parentId");

-- CreateIndex
CREATE INDEX "Survey_sentAt_idx" ON "Survey"("sentAt");

