-- Jobs: why a job stopped (a user's cancel, its time limit, a lost worker), continuations after
-- the per-attempt time limit, chains (a job that waits for another to succeed), and which worker
-- process runs it (so a restarted worker on the same machine recovers its dead predecessor's jobs at once).
CREATE TYPE "JobStopReason" AS ENUM ('CANCELLED_BY_USER', 'TIME_LIMIT', 'WORKER_LOST', 'ERROR', 'DEPENDENCY_FAILED');

ALTER TABLE "Job" ADD COLUMN "stopReason" "JobStopReason";
ALTER TABLE "Job" ADD COLUMN "cancelRequestedAt" TIMESTAMP(3);
ALTER TABLE "Job" ADD COLUMN "cancelRequestedById" TEXT;
ALTER TABLE "Job" ADD COLUMN "retries" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Job" ADD COLUMN "continuations" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Job" ADD COLUMN "afterJobId" TEXT;
ALTER TABLE "Job" ADD COLUMN "workerId" TEXT;

CREATE INDEX "Job_afterJobId_idx" ON "Job"("afterJobId");
CREATE INDEX "Job_cancelRequestedById_idx" ON "Job"("cancelRequestedById");

ALTER TABLE "Job" ADD CONSTRAINT "Job_afterJobId_fkey" FOREIGN KEY ("afterJobId") REFERENCES "Job"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Job" ADD CONSTRAINT "Job_cancelRequestedById_fkey" FOREIGN KEY ("cancelRequestedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
