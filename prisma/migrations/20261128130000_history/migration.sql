-- CreateTable
CREATE TABLE "ActivitySession" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "fields" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL,
    "endedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "RecentReport" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "receivedAt" DATETIME NOT NULL,
    "tokenName" TEXT,
    "protocol" TEXT NOT NULL,
    "raw" TEXT NOT NULL,
    "published" TEXT NOT NULL,
    "error" TEXT
);

-- CreateIndex
CREATE INDEX "ActivitySession_startedAt_idx" ON "ActivitySession"("startedAt");

-- CreateIndex
CREATE INDEX "ActivitySession_endedAt_idx" ON "ActivitySession"("endedAt");
