-- d-RLAIF as a PPO reward mode: a policy records the AI judge whose ratings are its reward, the judge's
-- version and config at the start, and what the judging cost.
-- AlterTable
ALTER TABLE "Policy" ADD COLUMN "judgeId" TEXT,
ADD COLUMN "judgeVersion" INTEGER,
ADD COLUMN "judgeConfig" JSONB,
ADD COLUMN "judgeUsage" JSONB;

-- CreateIndex
CREATE INDEX "Policy_judgeId_idx" ON "Policy"("judgeId");

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_judgeId_fkey" FOREIGN KEY ("judgeId") REFERENCES "Judge"("id") ON DELETE SET NULL ON UPDATE CASCADE;
