-- Issue 10, items 6 and 7. Benchmark sets (pairs kept apart from every project, so no training set
-- can read them), evaluations of reward models on them (EVAL_RM jobs, rewards stored per pair), the
-- held-out pairs of each training run (so the scores page's held-out split never moves), and reward
-- model names unique per project (rename refuses a taken name; training picks "name (2)").

-- Names already used twice in a project keep the oldest as is; the others get their id appended,
-- which no other name can equal, so the unique index below can be built.
UPDATE "RewardModel" r SET "name" = r."name" || ' (' || r."id" || ')'
FROM (SELECT "id", row_number() OVER (PARTITION BY "projectId", "name" ORDER BY "createdAt", "id") AS n FROM "RewardModel") d
WHERE d."id" = r."id" AND d.n > 1;
-- CreateEnum
CREATE TYPE "BenchmarkSource" AS ENUM ('PROJECT', 'UPLOAD');

-- CreateEnum
CREATE TYPE "BenchmarkTemplate" AS ENUM ('AS_IS', 'HUMAN_ASSISTANT');

-- AlterEnum
ALTER TYPE "JobKind" ADD VALUE 'EVAL_RM';

-- DropIndex
DROP INDEX "RewardModel_projectId_idx";

-- CreateTable
CREATE TABLE "BenchmarkSet" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "source" "BenchmarkSource" NOT NULL,
    "template" "BenchmarkTemplate" NOT NULL DEFAULT 'AS_IS',
    "sourceProjectId" TEXT,
    "filename" TEXT,
    "format" "ImportFormat",
    "pairCount" INTEGER NOT NULL,
    "skipped" INTEGER NOT NULL DEFAULT 0,
    "skippedReasons" JSONB NOT NULL DEFAULT '[]',
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BenchmarkSet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BenchmarkPair" (
    "id" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "ordinal" INTEGER NOT NULL,
    "subset" TEXT NOT NULL,
    "prompt" TEXT NOT NULL,
    "chosen" TEXT NOT NULL,
    "rejected" TEXT NOT NULL,
    "chosenChars" INTEGER NOT NULL,
    "rejectedChars" INTEGER NOT NULL,
    "sourceRef" TEXT,

    CONSTRAINT "BenchmarkPair_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BenchmarkEvaluation" (
    "id" TEXT NOT NULL,
    "rewardModelId" TEXT NOT NULL,
    "setId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "pairsScored" INTEGER NOT NULL DEFAULT 0,
    "results" JSONB,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BenchmarkEvaluation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BenchmarkScore" (
    "evaluationId" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,
    "chosen" DOUBLE PRECISION NOT NULL,
    "rejected" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "BenchmarkScore_pkey" PRIMARY KEY ("evaluationId","pairId")
);

-- CreateTable
CREATE TABLE "RewardModelHeldOutPair" (
    "rewardModelId" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,

    CONSTRAINT "RewardModelHeldOutPair_pkey" PRIMARY KEY ("rewardModelId","pairId")
);

-- CreateIndex
CREATE UNIQUE INDEX "BenchmarkSet_name_key" ON "BenchmarkSet"("name");

-- CreateIndex
CREATE INDEX "BenchmarkSet_sourceProjectId_idx" ON "BenchmarkSet"("sourceProjectId");

-- CreateIndex
CREATE INDEX "BenchmarkSet_createdById_idx" ON "BenchmarkSet"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "BenchmarkPair_setId_ordinal_key" ON "BenchmarkPair"("setId", "ordinal");

-- CreateIndex
CREATE UNIQUE INDEX "BenchmarkEvaluation_jobId_key" ON "BenchmarkEvaluation"("jobId");

-- CreateIndex
CREATE INDEX "BenchmarkEvaluation_setId_idx" ON "BenchmarkEvaluation"("setId");

-- CreateIndex
CREATE UNIQUE INDEX "BenchmarkEvaluation_rewardModelId_setId_key" ON "BenchmarkEvaluation"("rewardModelId", "setId");

-- CreateIndex
CREATE INDEX "BenchmarkScore_pairId_idx" ON "BenchmarkScore"("pairId");

-- CreateIndex
CREATE INDEX "RewardModelHeldOutPair_pairId_idx" ON "RewardModelHeldOutPair"("pairId");

-- CreateIndex
CREATE UNIQUE INDEX "RewardModel_projectId_name_key" ON "RewardModel"("projectId", "name");

-- AddForeignKey
ALTER TABLE "BenchmarkSet" ADD CONSTRAINT "BenchmarkSet_sourceProjectId_fkey" FOREIGN KEY ("sourceProjectId") REFERENCES "Project"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkSet" ADD CONSTRAINT "BenchmarkSet_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkPair" ADD CONSTRAINT "BenchmarkPair_setId_fkey" FOREIGN KEY ("setId") REFERENCES "BenchmarkSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkEvaluation" ADD CONSTRAINT "BenchmarkEvaluation_rewardModelId_fkey" FOREIGN KEY ("rewardModelId") REFERENCES "RewardModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkEvaluation" ADD CONSTRAINT "BenchmarkEvaluation_setId_fkey" FOREIGN KEY ("setId") REFERENCES "BenchmarkSet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkEvaluation" ADD CONSTRAINT "BenchmarkEvaluation_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkScore" ADD CONSTRAINT "BenchmarkScore_evaluationId_fkey" FOREIGN KEY ("evaluationId") REFERENCES "BenchmarkEvaluation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BenchmarkScore" ADD CONSTRAINT "BenchmarkScore_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "BenchmarkPair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RewardModelHeldOutPair" ADD CONSTRAINT "RewardModelHeldOutPair_rewardModelId_fkey" FOREIGN KEY ("rewardModelId") REFERENCES "RewardModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RewardModelHeldOutPair" ADD CONSTRAINT "RewardModelHeldOutPair_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

