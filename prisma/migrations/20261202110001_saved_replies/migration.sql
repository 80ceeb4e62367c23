-- CreateTable
CREATE TABLE "SavedReply" (
    "id" SERIAL NOT NULL,
    "keyword" TEXT NOT NULL,
    "lang" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedReply_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SavedReply_keyword_lang_key" ON "SavedReply"("keyword", "lang");

