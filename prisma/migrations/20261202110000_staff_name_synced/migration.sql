-- AlterTable
ALTER TABLE "Staff" ADD COLUMN     "nameSyncedAt" TIMESTAMP(3);

