-- CreateTable
CREATE TABLE "ActivitySession" (
    "id" SERIAL NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "endedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ActivitySession_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecentReport" (
    "id" SERIAL NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL,
    "tokenName" TEXT,
    "protocol" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "published" TEXT NOT NULL,
    "error" TEXT,

    CONSTRAINT "RecentReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ActivitySession_startedAt_idx" ON "ActivitySession"("startedAt");

-- CreateIndex
CREATE INDEX "ActivitySession_endedAt_idx" ON "ActivitySession"("endedAt");
