-- AlterTable
ALTER TABLE "Image" ADD COLUMN     "tokenId" TEXT;

-- CreateIndex
CREATE INDEX "Image_tokenId_idx" ON "Image"("tokenId");

-- CreateIndex
CREATE INDEX "Image_createdAt_idx" ON "Image"("createdAt");

