-- Policies (SFT and PPO runs) and the offline baselines of contrastive rewards; the job kinds that train them.
-- CreateEnum
CREATE TYPE "PolicyKind" AS ENUM ('SFT', 'PPO');

-- AlterEnum
-- This migration adds more than one value to an enum.
-- With PostgreSQL versions 11 and earlier, this is not possible
-- in a single migration. This can be worked around by creating
-- multiple migrations, each migration adding only one value to
-- the enum.


ALTER TYPE "JobKind" ADD VALUE 'SFT';
ALTER TYPE "JobKind" ADD VALUE 'BASELINES';
ALTER TYPE "JobKind" ADD VALUE 'PPO';

-- CreateTable
CREATE TABLE "Policy" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "kind" "PolicyKind" NOT NULL,
    "name" TEXT NOT NULL,
    "baseModelId" TEXT,
    "parentId" TEXT,
    "rewardModelId" TEXT,
    "baselineSetId" TEXT,
    "jobId" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "summary" JSONB,
    "outputDir" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BaselineSet" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "rewardModelId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "config" JSONB NOT NULL,
    "jobId" TEXT NOT NULL,
    "path" TEXT,
    "stats" JSONB,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BaselineSet_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Policy_jobId_key" ON "Policy"("jobId");

-- CreateIndex
CREATE INDEX "Policy_baseModelId_idx" ON "Policy"("baseModelId");

-- CreateIndex
CREATE INDEX "Policy_parentId_idx" ON "Policy"("parentId");

-- CreateIndex
CREATE INDEX "Policy_rewardModelId_idx" ON "Policy"("rewardModelId");

-- CreateIndex
CREATE INDEX "Policy_baselineSetId_idx" ON "Policy"("baselineSetId");

-- CreateIndex
CREATE INDEX "Policy_createdById_idx" ON "Policy"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_projectId_name_key" ON "Policy"("projectId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "BaselineSet_key_key" ON "BaselineSet"("key");

-- CreateIndex
CREATE UNIQUE INDEX "BaselineSet_jobId_key" ON "BaselineSet"("jobId");

-- CreateIndex
CREATE INDEX "BaselineSet_projectId_idx" ON "BaselineSet"("projectId");

-- CreateIndex
CREATE INDEX "BaselineSet_policyId_idx" ON "BaselineSet"("policyId");

-- CreateIndex
CREATE INDEX "BaselineSet_rewardModelId_idx" ON "BaselineSet"("rewardModelId");

-- CreateIndex
CREATE INDEX "BaselineSet_createdById_idx" ON "BaselineSet"("createdById");

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_baseModelId_fkey" FOREIGN KEY ("baseModelId") REFERENCES "BaseModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "Policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_rewardModelId_fkey" FOREIGN KEY ("rewardModelId") REFERENCES "RewardModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_baselineSetId_fkey" FOREIGN KEY ("baselineSetId") REFERENCES "BaselineSet"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaselineSet" ADD CONSTRAINT "BaselineSet_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaselineSet" ADD CONSTRAINT "BaselineSet_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaselineSet" ADD CONSTRAINT "BaselineSet_rewardModelId_fkey" FOREIGN KEY ("rewardModelId") REFERENCES "RewardModel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaselineSet" ADD CONSTRAINT "BaselineSet_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BaselineSet" ADD CONSTRAINT "BaselineSet_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

