-- Blind insertion into the annotation queue (SER spot-checks, gold pairs) and the gold settings.
-- Gold pairs are read from Pair.goldChoice (20261206110000_data_explorer), their one source of truth.
-- CreateEnum
CREATE TYPE "QueueInsertKind" AS ENUM ('SPOT_CHECK');

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "goldMinAnswers" INTEGER NOT NULL DEFAULT 5,
ADD COLUMN     "goldRate" DOUBLE PRECISION NOT NULL DEFAULT 0.1,
ADD COLUMN     "goldThreshold" DOUBLE PRECISION NOT NULL DEFAULT 0.7;

-- CreateTable
CREATE TABLE "QueueInsert" (
    "id" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "pairId" TEXT NOT NULL,
    "kind" "QueueInsertKind" NOT NULL,
    "serBatchId" TEXT,
    "wanted" INTEGER,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "QueueInsert_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QueueInsert_projectId_kind_createdAt_idx" ON "QueueInsert"("projectId", "kind", "createdAt");

-- CreateIndex
CREATE INDEX "QueueInsert_serBatchId_idx" ON "QueueInsert"("serBatchId");

-- CreateIndex
CREATE UNIQUE INDEX "QueueInsert_pairId_kind_key" ON "QueueInsert"("pairId", "kind");

-- AddForeignKey
ALTER TABLE "QueueInsert" ADD CONSTRAINT "QueueInsert_projectId_fkey" FOREIGN KEY ("projectId") REFERENCES "Project"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueInsert" ADD CONSTRAINT "QueueInsert_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QueueInsert" ADD CONSTRAINT "QueueInsert_serBatchId_fkey" FOREIGN KEY ("serBatchId") REFERENCES "SerBatch"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Gold pairs of a project in import order, for the queue (a partial index: most pairs are not gold).
CREATE INDEX "Pair_gold_idx" ON "Pair"("projectId", ordinal) WHERE "goldChoice" IS NOT NULL;

-- The pair the queue serves ahead of its normal order, or NULL. Spot-checks first, oldest first,
-- while the pair has fewer than `wanted` people's leases (OPEN + DONE), counted on the pair rather
-- than claimCount, which imported labels may fill; then, with probability goldRate, a gold pair
-- (Pair.goldChoice set) this annotator has not had, in import order. The caller turns it into a lease exactly like a normal pair (rl_item), so
-- nothing in the item, its order or its timing tells the two apart.
CREATE FUNCTION rl_blind_pair(p_user text, p_project text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_pair text;
  v_rate float8;
BEGIN
  SELECT p.id INTO v_pair FROM "QueueInsert" q JOIN "Pair" p ON p.id = q."pairId"
  WHERE q."projectId" = p_project AND q.kind = 'SPOT_CHECK'
    AND (SELECT count(*) FROM "Assignment" a WHERE a."pairId" = q."pairId" AND a.status IN ('OPEN', 'DONE')) < q.wanted
    AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = q."pairId" AND a."userId" = p_user)
  ORDER BY q."createdAt", q.id LIMIT 1
  FOR NO KEY UPDATE OF p SKIP LOCKED;
  IF v_pair IS NOT NULL THEN RETURN v_pair; END IF;

  SELECT "goldRate" INTO v_rate FROM "Project" WHERE id = p_project;
  IF v_rate > 0 AND random() < v_rate THEN
    SELECT p.id INTO v_pair FROM "Pair" p
    WHERE p."projectId" = p_project AND p."goldChoice" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = p_user)
    ORDER BY p.ordinal LIMIT 1
    FOR NO KEY UPDATE OF p SKIP LOCKED;
  END IF;
  RETURN v_pair;
END $$;

-- As before (20261123190000_annotation_queue_functions), with two changes: a blind insert comes
-- before the normal order, and a pair an ACTIVE experiment-mode SER run holds back (SerHeldPair) is
-- never served in the normal order, so its hidden human label is not relabelled in the open.
CREATE OR REPLACE FUNCTION rl_open_or_claim(p_user text, p_project text, p_overlap integer, p_lease_minutes float8,
                                            p_thorough boolean, p_new_id text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_lease text;
  v_pair text;
  v_now timestamp := now() AT TIME ZONE 'UTC';
BEGIN
  SELECT id INTO v_lease FROM "Assignment"
  WHERE "projectId" = p_project AND "userId" = p_user AND status = 'OPEN' AND "expiresAt" > v_now
  ORDER BY "assignedAt" DESC LIMIT 1;
  IF v_lease IS NOT NULL THEN RETURN rl_item(v_lease); END IF;

  v_pair := rl_blind_pair(p_user, p_project);
  IF v_pair IS NULL AND p_thorough THEN
    SELECT p.id INTO v_pair FROM "Pair" p
    WHERE p."projectId" = p_project AND p."claimCount" < p_overlap
      AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = p_user)
      AND NOT EXISTS (SELECT 1 FROM "SerHeldPair" h JOIN "SerRun" r ON r.id = h."runId" WHERE h."pairId" = p.id AND r.status = 'ACTIVE')
    ORDER BY p."claimCount" DESC, p.ordinal LIMIT 1
    FOR NO KEY UPDATE OF p;
  ELSIF v_pair IS NULL THEN
    SELECT c.id INTO v_pair FROM generate_series(p_overlap - 1, 0, -1) AS lvl(n)
    CROSS JOIN LATERAL (
      SELECT p.id FROM (
        SELECT id, ordinal FROM "Pair" WHERE "projectId" = p_project AND "claimCount" = lvl.n
        ORDER BY ordinal LIMIT 64
      ) cand JOIN "Pair" p ON p.id = cand.id
      WHERE p."claimCount" < p_overlap
        AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = p_user)
        AND NOT EXISTS (SELECT 1 FROM "SerHeldPair" h JOIN "SerRun" r ON r.id = h."runId" WHERE h."pairId" = p.id AND r.status = 'ACTIVE')
      ORDER BY cand.ordinal LIMIT 1
      FOR NO KEY UPDATE OF p SKIP LOCKED
    ) c LIMIT 1;
  END IF;
  IF v_pair IS NULL THEN RETURN NULL; END IF;

  UPDATE "Pair" SET "claimCount" = "claimCount" + 1 WHERE id = v_pair;
  INSERT INTO "Assignment" (id, "projectId", "pairId", "userId", status, "assignedAt", "expiresAt")
  VALUES (p_new_id, p_project, v_pair, p_user, 'OPEN', v_now, v_now + p_lease_minutes * interval '1 minute');
  RETURN rl_item(p_new_id);
END $$;
