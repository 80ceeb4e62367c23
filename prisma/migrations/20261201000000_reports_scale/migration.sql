-- Reports at scale: indexes for selecting a period's tickets by each instant, the working
-- calendar as a table so SQL can measure working hours, and the warranty settlement fee.
-- Nothing to backfill: WorkCalendarDay is filled on demand by the reports; settlementFen
-- stays null on old repair records (the category default applies).

-- AlterTable
ALTER TABLE "RepairRecord" ADD COLUMN     "settlementFen" INTEGER;

-- CreateTable
CREATE TABLE "WorkCalendarDay" (
    "calendarKey" TEXT NOT NULL,
    "day" DATE NOT NULL,
    "cumMs" BIGINT NOT NULL,
    "startMs" BIGINT,
    "endMs" BIGINT,

    CONSTRAINT "WorkCalendarDay_pkey" PRIMARY KEY ("calendarKey","day")
);

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

