-- CreateEnum
CREATE TYPE "JudgeRunScope" AS ENUM ('ALL', 'UNLABELLED_BY_AI', 'SAMPLE');

-- AlterEnum
ALTER TYPE "JobKind" ADD VALUE 'JUDGE_RUN';

-- CreateTable
CREATE TABLE "Judge" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 1,
    "config" JSONB NOT NULL,
    "apiKeyCipher" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Judge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeRun" (
    "id" TEXT NOT NULL,
    "judgeId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "scope" "JudgeRunScope" NOT NULL,
    "sampleSize" INTEGER,
    "configVersion" INTEGER NOT NULL,
    "config" JSONB NOT NULL,
    "pairsTotal" INTEGER NOT NULL DEFAULT 0,
    "pairsDone" INTEGER NOT NULL DEFAULT 0,
    "pairsFailed" INTEGER NOT NULL DEFAULT 0,
    "requests" INTEGER NOT NULL DEFAULT 0,
    "retries" INTEGER NOT NULL DEFAULT 0,
    "promptTokens" INTEGER NOT NULL DEFAULT 0,
    "completionTokens" INTEGER NOT NULL DEFAULT 0,
    "costUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "judgeMs" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeRun_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeVerdict" (
    "labelId" TEXT NOT NULL,
    "judgeRunId" TEXT NOT NULL,
    "configVersion" INTEGER NOT NULL,
    "hard" BOOLEAN NOT NULL,
    "p1AB" DOUBLE PRECISION,
    "p1BA" DOUBLE PRECISION,
    "ratingA" DOUBLE PRECISION,
    "ratingB" DOUBLE PRECISION,
    "raw" JSONB NOT NULL,
    "promptTokens" INTEGER NOT NULL,
    "completionTokens" INTEGER NOT NULL,
    "costUsd" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "JudgeVerdict_pkey" PRIMARY KEY ("labelId")
);

-- CreateIndex
CREATE INDEX "Judge_createdById_idx" ON "Judge"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "Judge_projectId_name_key" ON "Judge"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "JudgeRun_jobId_key" ON "JudgeRun"("jobId");

-- CreateIndex
CREATE INDEX "JudgeRun_judgeId_idx" ON "JudgeRun"("judgeId");

-- CreateIndex
CREATE INDEX "JudgeVerdict_judgeRunId_idx" ON "JudgeVerdict"("judgeRunId");

-- AddForeignKey
ALTER TABLE "Judge" ADD CONSTRAINT "Judge_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Judge" ADD CONSTRAINT "Judge_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeRun" ADD CONSTRAINT "JudgeRun_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeRun" ADD CONSTRAINT "JudgeRun_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeVerdict" ADD CONSTRAINT "JudgeVerdict_labelId_fkey" FOREIGN KEY ("labelId") REFERENCES "Label"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeVerdict" ADD CONSTRAINT "JudgeVerdict_judgeRunId_fkey" FOREIGN KEY ("judgeRunId") REFERENCES "JudgeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

