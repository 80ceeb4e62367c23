-- AlterTable
ALTER TABLE "KbEntry" ADD COLUMN     "embeddingModel" TEXT;

