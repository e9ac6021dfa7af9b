-- CreateEnum
CREATE TYPE "SerRunStatus" AS ENUM ('ACTIVE', 'FINISHED', 'STOPPED');

-- CreateEnum
CREATE TYPE "SerBatchStatus" AS ENUM ('PROPOSED', 'APPROVED', 'REJECTED', 'REVOKED');

-- AlterEnum
ALTER TYPE "JobKind" ADD VALUE 'SER_ROUND';

-- AlterTable
ALTER TABLE "Label" ADD COLUMN     "serBatchId" TEXT;

-- CreateTable
CREATE TABLE "SerRun" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "experiment" BOOLEAN NOT NULL DEFAULT false,
    "autoApprove" BOOLEAN NOT NULL DEFAULT false,
    "status" "SerRunStatus" NOT NULL DEFAULT 'ACTIVE',
    "endReason" TEXT,
    "referenceRewardModelId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "endedAt" TIMESTAMP(3),

    CONSTRAINT "SerRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SerRound" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "rewardModelId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "poolSize" INTEGER,
    "status1Count" INTEGER,
    "status2Count" INTEGER,
    "learningStatus" INTEGER,
    "heldOutAccuracy" DOUBLE PRECISION,
    "histogram" JSONB,
    "endReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SerRound_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SerBatch" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "roundId" TEXT NOT NULL,
    "status" "SerBatchStatus" NOT NULL DEFAULT 'PROPOSED',
    "size" INTEGER NOT NULL,
    "spotCheckSize" INTEGER NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "overrideReason" TEXT,
    "autoApproved" BOOLEAN NOT NULL DEFAULT false,
    "revokedById" TEXT,
    "revokedAt" TIMESTAMP(3),
    "revokeReason" TEXT,
    "nextRewardModelId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SerBatch_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SerSelfLabel" (
    "id" TEXT NOT NULL,
    "batchId" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,
    "choice" "Choice" NOT NULL,
    "scoreA" DOUBLE PRECISION NOT NULL,
    "scoreB" DOUBLE PRECISION NOT NULL,
    "rule" INTEGER NOT NULL,
    "spotCheck" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "SerSelfLabel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SerHeldPair" (
    "runId" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,

    CONSTRAINT "SerHeldPair_pkey" PRIMARY KEY ("runId","pairId")
);

-- CreateIndex
CREATE UNIQUE INDEX "SerRun_referenceRewardModelId_key" ON "SerRun"("referenceRewardModelId");

-- CreateIndex
CREATE INDEX "SerRun_createdById_idx" ON "SerRun"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "SerRun_projectId_name_key" ON "SerRun"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "SerRound_jobId_key" ON "SerRound"("jobId");

-- CreateIndex
CREATE INDEX "SerRound_rewardModelId_idx" ON "SerRound"("rewardModelId");

-- CreateIndex
CREATE UNIQUE INDEX "SerRound_runId_round_key" ON "SerRound"("runId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "SerBatch_roundId_key" ON "SerBatch"("roundId");

-- CreateIndex
CREATE UNIQUE INDEX "SerBatch_nextRewardModelId_key" ON "SerBatch"("nextRewardModelId");

-- CreateIndex
CREATE INDEX "SerBatch_runId_status_idx" ON "SerBatch"("runId", "status");

-- CreateIndex
CREATE INDEX "SerBatch_decidedById_idx" ON "SerBatch"("decidedById");

-- CreateIndex
CREATE INDEX "SerBatch_revokedById_idx" ON "SerBatch"("revokedById");

-- CreateIndex
CREATE INDEX "SerSelfLabel_pairId_idx" ON "SerSelfLabel"("pairId");

-- CreateIndex
CREATE INDEX "SerSelfLabel_batchId_spotCheck_idx" ON "SerSelfLabel"("batchId", "spotCheck");

-- CreateIndex
CREATE UNIQUE INDEX "SerSelfLabel_batchId_pairId_key" ON "SerSelfLabel"("batchId", "pairId");

-- CreateIndex
CREATE INDEX "SerHeldPair_pairId_idx" ON "SerHeldPair"("pairId");

-- CreateIndex
CREATE INDEX "Label_serBatchId_idx" ON "Label"("serBatchId");

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_serBatchId_fkey" FOREIGN KEY ("serBatchId") REFERENCES "SerBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerRun" ADD CONSTRAINT "SerRun_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerRun" ADD CONSTRAINT "SerRun_referenceRewardModelId_fkey" FOREIGN KEY ("referenceRewardModelId") REFERENCES "RewardModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerRun" ADD CONSTRAINT "SerRun_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerRound" ADD CONSTRAINT "SerRound_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SerRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerRound" ADD CONSTRAINT "SerRound_rewardModelId_fkey" FOREIGN KEY ("rewardModelId") REFERENCES "RewardModel"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerRound" ADD CONSTRAINT "SerRound_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerBatch" ADD CONSTRAINT "SerBatch_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SerRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerBatch" ADD CONSTRAINT "SerBatch_roundId_fkey" FOREIGN KEY ("roundId") REFERENCES "SerRound"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerBatch" ADD CONSTRAINT "SerBatch_decidedById_fkey" FOREIGN KEY ("decidedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerBatch" ADD CONSTRAINT "SerBatch_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerBatch" ADD CONSTRAINT "SerBatch_nextRewardModelId_fkey" FOREIGN KEY ("nextRewardModelId") REFERENCES "RewardModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerSelfLabel" ADD CONSTRAINT "SerSelfLabel_batchId_fkey" FOREIGN KEY ("batchId") REFERENCES "SerBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerSelfLabel" ADD CONSTRAINT "SerSelfLabel_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerHeldPair" ADD CONSTRAINT "SerHeldPair_runId_fkey" FOREIGN KEY ("runId") REFERENCES "SerRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SerHeldPair" ADD CONSTRAINT "SerHeldPair_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

