-- AlterTable
ALTER TABLE "Customer" ADD COLUMN     "linkedAt" TIMESTAMP(3),
ADD COLUMN     "recordPhone" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'telegram',
ALTER COLUMN "telegramUserId" DROP NOT NULL,
ALTER COLUMN "telegramChatId" DROP NOT NULL;

-- AlterTable
ALTER TABLE "Product" ADD COLUMN     "installDate" DATE,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'ticket';

-- CreateIndex
CREATE UNIQUE INDEX "Customer_recordPhone_key" ON "Customer"("recordPhone");

-- CreateIndex
CREATE INDEX "Customer_phone_idx" ON "Customer"("phone");

-- CreateIndex
CREATE INDEX "Product_serialNo_idx" ON "Product"("serialNo");

-- CreateIndex
CREATE UNIQUE INDEX "Contract_number_key" ON "Contract"("number");

