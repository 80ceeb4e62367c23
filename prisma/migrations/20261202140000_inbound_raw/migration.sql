-- AlterTable
ALTER TABLE "InboundEvent" ADD COLUMN     "raw" TEXT;

