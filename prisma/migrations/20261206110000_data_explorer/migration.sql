-- The data explorer (issue 10, items 3-5): gold answers on pairs, label revision setting, pair flags,
-- saved filters, judge runs over a fixed pair set, and trigram indexes for search in prompts and responses.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
-- AlterEnum
ALTER TYPE "JudgeRunScope" ADD VALUE 'PAIRS';

-- AlterTable
ALTER TABLE "Pair" ADD COLUMN     "goldChoice" "Choice",
ADD COLUMN     "goldSetAt" TIMESTAMP(3),
ADD COLUMN     "goldSetById" TEXT;

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "allowLabelRevision" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "PairFlag" (
    "id" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "resolvedAt" TIMESTAMP(3),
    "resolvedById" TEXT,

    CONSTRAINT "PairFlag_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SavedFilter" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "filter" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedFilter_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JudgeRunPair" (
    "runId" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,

    CONSTRAINT "JudgeRunPair_pkey" PRIMARY KEY ("runId","pairId")
);

-- CreateIndex
CREATE INDEX "PairFlag_pairId_resolvedAt_idx" ON "PairFlag"("pairId", "resolvedAt");

-- CreateIndex
CREATE INDEX "PairFlag_userId_idx" ON "PairFlag"("userId");

-- CreateIndex
CREATE INDEX "PairFlag_resolvedById_idx" ON "PairFlag"("resolvedById");

-- CreateIndex
CREATE INDEX "SavedFilter_userId_idx" ON "SavedFilter"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "SavedFilter_projectId_name_key" ON "SavedFilter"("projectId", "name");

-- CreateIndex
CREATE INDEX "JudgeRunPair_pairId_idx" ON "JudgeRunPair"("pairId");

-- CreateIndex
CREATE INDEX "Pair_goldSetById_idx" ON "Pair"("goldSetById");

-- CreateIndex
CREATE INDEX "Prompt_text_idx" ON "Prompt" USING GIN ("text" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "Response_text_idx" ON "Response" USING GIN ("text" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "Pair" ADD CONSTRAINT "Pair_goldSetById_fkey" FOREIGN KEY ("goldSetById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairFlag" ADD CONSTRAINT "PairFlag_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairFlag" ADD CONSTRAINT "PairFlag_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PairFlag" ADD CONSTRAINT "PairFlag_resolvedById_fkey" FOREIGN KEY ("resolvedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedFilter" ADD CONSTRAINT "SavedFilter_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SavedFilter" ADD CONSTRAINT "SavedFilter_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeRunPair" ADD CONSTRAINT "JudgeRunPair_runId_fkey" FOREIGN KEY ("runId") REFERENCES "JudgeRun"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JudgeRunPair" ADD CONSTRAINT "JudgeRunPair_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

