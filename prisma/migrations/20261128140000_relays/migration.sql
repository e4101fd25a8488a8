-- CreateTable
CREATE TABLE "RelayMessage" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "relay" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME NOT NULL,
    "claimedUntil" DATETIME,
    "lastError" TEXT
);

-- CreateTable
CREATE TABLE "RelayState" (
    "relay" TEXT NOT NULL PRIMARY KEY,
    "lastSuccessAt" DATETIME,
    "lastError" TEXT,
    "lastErrorAt" DATETIME,
    "dropped" INTEGER NOT NULL DEFAULT 0
);

-- CreateIndex
CREATE INDEX "RelayMessage_relay_id_idx" ON "RelayMessage"("relay", "id");
