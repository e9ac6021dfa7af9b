-- A job may wait for several jobs (JobWait); the jobs already waiting (afterJobId, no message yet) keep waiting for theirs.
-- CreateTable
CREATE TABLE "JobWait" (
    "jobId" TEXT NOT NULL,
    "waitsForId" TEXT NOT NULL,

    CONSTRAINT "JobWait_pkey" PRIMARY KEY ("jobId","waitsForId")
);

-- CreateIndex
CREATE INDEX "JobWait_waitsForId_idx" ON "JobWait"("waitsForId");

-- AddForeignKey
ALTER TABLE "JobWait" ADD CONSTRAINT "JobWait_jobId_fkey" FOREIGN KEY ("jobId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobWait" ADD CONSTRAINT "JobWait_waitsForId_fkey" FOREIGN KEY ("waitsForId") REFERENCES "Job"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill
INSERT INTO "JobWait" ("jobId", "waitsForId") SELECT "id", "afterJobId" FROM "Job" WHERE "status" = 'QUEUED' AND "queueJobId" IS NULL AND "afterJobId" IS NOT NULL;
