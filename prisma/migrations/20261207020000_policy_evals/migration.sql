-- Policy evaluations (issue 13): generations of several policies on the same evaluation prompts, pairwise verdicts by a judge and a held-out reward model, harm verdicts.

-- CreateEnum
CREATE TYPE "EvalVerdictSource" AS ENUM ('JUDGE', 'REWARD_MODEL');

-- CreateEnum
CREATE TYPE "EvalOutcome" AS ENUM ('A', 'B', 'TIE');

-- AlterEnum
ALTER TYPE "JobKind" ADD VALUE 'POLICY_EVAL';

-- CreateTable
CREATE TABLE "PolicyEval" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "judgeId" TEXT,
    "harmJudgeId" TEXT,
    "rewardModelId" TEXT,
    "config" JSONB NOT NULL,
    "summary" JSONB,
    "judgeRequests" INTEGER NOT NULL DEFAULT 0,
    "judgeCostUsd" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PolicyEval_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyEvalPolicy" (
    "evalId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "PolicyEvalPolicy_pkey" PRIMARY KEY ("evalId","policyId")
);

-- CreateTable
CREATE TABLE "PolicyEvalSample" (
    "id" TEXT NOT NULL,
    "evalId" TEXT NOT NULL,
    "policyId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "completion" TEXT NOT NULL,
    "tokens" INTEGER NOT NULL,
    "eos" BOOLEAN NOT NULL,
    "rmScore" DOUBLE PRECISION,
    "harmful" BOOLEAN,
    "harmRaw" TEXT,

    CONSTRAINT "PolicyEvalSample_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PolicyEvalVerdict" (
    "id" TEXT NOT NULL,
    "evalId" TEXT NOT NULL,
    "source" "EvalVerdictSource" NOT NULL,
    "policyAId" TEXT NOT NULL,
    "policyBId" TEXT NOT NULL,
    "promptId" TEXT NOT NULL,
    "outcome" "EvalOutcome" NOT NULL,
    "pAFirst" DOUBLE PRECISION,
    "pASecond" DOUBLE PRECISION,
    "orderTie" BOOLEAN NOT NULL DEFAULT false,
    "detail" JSONB,

    CONSTRAINT "PolicyEvalVerdict_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "PolicyEval_jobId_key" ON "PolicyEval"("jobId");

-- CreateIndex
CREATE INDEX "PolicyEval_judgeId_idx" ON "PolicyEval"("judgeId");

-- CreateIndex
CREATE INDEX "PolicyEval_harmJudgeId_idx" ON "PolicyEval"("harmJudgeId");

-- CreateIndex
CREATE INDEX "PolicyEval_rewardModelId_idx" ON "PolicyEval"("rewardModelId");

-- CreateIndex
CREATE INDEX "PolicyEval_createdById_idx" ON "PolicyEval"("createdById");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyEval_projectId_name_key" ON "PolicyEval"("projectId", "name");

-- CreateIndex
CREATE INDEX "PolicyEvalPolicy_policyId_idx" ON "PolicyEvalPolicy"("policyId");

-- CreateIndex
CREATE INDEX "PolicyEvalSample_policyId_idx" ON "PolicyEvalSample"("policyId");

-- CreateIndex
CREATE INDEX "PolicyEvalSample_promptId_idx" ON "PolicyEvalSample"("promptId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyEvalSample_evalId_policyId_promptId_key" ON "PolicyEvalSample"("evalId", "policyId", "promptId");

-- CreateIndex
CREATE INDEX "PolicyEvalVerdict_policyAId_idx" ON "PolicyEvalVerdict"("policyAId");

-- CreateIndex
CREATE INDEX "PolicyEvalVerdict_policyBId_idx" ON "PolicyEvalVerdict"("policyBId");

-- CreateIndex
CREATE INDEX "PolicyEvalVerdict_promptId_idx" ON "PolicyEvalVerdict"("promptId");

-- CreateIndex
CREATE UNIQUE INDEX "PolicyEvalVerdict_evalId_source_policyAId_policyBId_promptI_key" ON "PolicyEvalVerdict"("evalId", "source", "policyAId", "policyBId", "promptId");

-- AddForeignKey
ALTER TABLE "PolicyEval" ADD CONSTRAINT "PolicyEval_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEval" ADD CONSTRAINT "PolicyEval_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEval" ADD CONSTRAINT "PolicyEval_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEval" ADD CONSTRAINT "PolicyEval_harmJudgeId_fkey" FOREIGN KEY ("harmJudgeId") REFERENCES "Judge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEval" ADD CONSTRAINT "PolicyEval_rewardModelId_fkey" FOREIGN KEY ("rewardModelId") REFERENCES "RewardModel"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEval" ADD CONSTRAINT "PolicyEval_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalPolicy" ADD CONSTRAINT "PolicyEvalPolicy_evalId_fkey" FOREIGN KEY ("evalId") REFERENCES "PolicyEval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalPolicy" ADD CONSTRAINT "PolicyEvalPolicy_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalSample" ADD CONSTRAINT "PolicyEvalSample_evalId_fkey" FOREIGN KEY ("evalId") REFERENCES "PolicyEval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalSample" ADD CONSTRAINT "PolicyEvalSample_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalSample" ADD CONSTRAINT "PolicyEvalSample_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalVerdict" ADD CONSTRAINT "PolicyEvalVerdict_evalId_fkey" FOREIGN KEY ("evalId") REFERENCES "PolicyEval"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalVerdict" ADD CONSTRAINT "PolicyEvalVerdict_policyAId_fkey" FOREIGN KEY ("policyAId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalVerdict" ADD CONSTRAINT "PolicyEvalVerdict_policyBId_fkey" FOREIGN KEY ("policyBId") REFERENCES "Policy"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PolicyEvalVerdict" ADD CONSTRAINT "PolicyEvalVerdict_promptId_fkey" FOREIGN KEY ("promptId") REFERENCES "Prompt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

