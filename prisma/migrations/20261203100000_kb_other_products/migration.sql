-- AlterTable
ALTER TABLE "KbEntry" ADD COLUMN     "otherProducts" TEXT[] DEFAULT ARRAY[]::TEXT[];

