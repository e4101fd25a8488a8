-- CreateTable
CREATE TABLE "RelayMessage" (
    "id" SERIAL NOT NULL,
    "relay" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "headers" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL,
    "claimedUntil" TIMESTAMP(3),
    "lastError" TEXT,

    CONSTRAINT "RelayMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RelayState" (
    "relay" TEXT NOT NULL,
    "lastSuccessAt" TIMESTAMP(3),
    "lastError" TEXT,
    "lastErrorAt" TIMESTAMP(3),
    "dropped" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "RelayState_pkey" PRIMARY KEY ("relay")
);

-- CreateIndex
CREATE INDEX "RelayMessage_relay_id_idx" ON "RelayMessage"("relay", "id");
