-- What a label costs inside PostgreSQL, trimmed (docs/benchmarks.md, "The label path after issue 10";
-- bench/submit-cost.ts measures it per statement with pg_stat_statements).
--
-- 1. Foreign-key indexes on columns that are NULL for every label an annotator gives (Label.importId,
--    Label.serBatchId) or for nearly every pair (Pair.goldSetById) only index the rows that have a
--    value. A B-tree indexes NULLs too, so each label paid two index insertions for nothing, and each
--    claim (Pair.claimCount + 1 is never a HOT update: the queue's index holds claimCount) one more.
--    The lookups these indexes exist for (`= $1`, the foreign keys' ON DELETE actions) imply IS NOT
--    NULL, so the planner still uses them. Same names: Prisma sees the same indexes as the schema's.
DROP INDEX "Label_importId_idx";
CREATE INDEX "Label_importId_idx" ON "Label"("importId") WHERE "importId" IS NOT NULL;
DROP INDEX "Label_serBatchId_idx";
CREATE INDEX "Label_serBatchId_idx" ON "Label"("serBatchId") WHERE "serBatchId" IS NOT NULL;
DROP INDEX "Pair_goldSetById_idx";
CREATE INDEX "Pair_goldSetById_idx" ON "Pair"("goldSetById") WHERE "goldSetById" IS NOT NULL;

-- 2. rl_submit_label took its lease with `SELECT * INTO lease FROM rl_lock_lease(...)`: a query with a
--    function scan, which materialises the one row (pg_stat_statements with track = all: 181 µs
--    against 88 µs for the SELECT inside). As a plain expression PL/pgSQL calls the function directly.
-- 3. The label is now its LAST write. Its insert fires the PairStats trigger, which row-locks the
--    pair's PairStats row until commit, and a pair's overlap annotators label it at about the same
--    time (the queue fills started pairs first): the second one's label waited for the first's whole
--    transaction, the next claim included (bench/submit-cost.ts: the PairStats update took 450-530 µs
--    of wall time against ~100 µs of work; sampled wait events: Lock/transactionid). Claiming first
--    changes no outcome: the claim reads no labels, and a conflict still rolls back everything.
--    Otherwise as in 20261207013600_queue_gold_rate_argument.
CREATE OR REPLACE FUNCTION rl_submit_label(p_user text, p_staff boolean, p_assignment text, p_choice text,
  p_confidence integer, p_rationale text, p_label_id text, p_audit_id text, p_next_id text,
  p_lease_minutes float8, p_expire_first boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  lease record;
  v_label text;
  v_next jsonb;
  v_now timestamp := now() AT TIME ZONE 'UTC';
BEGIN
  lease := rl_lock_lease(p_user, p_staff, p_assignment);
  IF lease.status = 'DONE' THEN
    RAISE EXCEPTION 'You have already labelled this pair (perhaps in another tab)' USING ERRCODE = 'RL409';
  ELSIF lease.status = 'SKIPPED' THEN
    RAISE EXCEPTION 'You skipped this pair' USING ERRCODE = 'RL409';
  ELSIF lease.status = 'EXPIRED' THEN
    UPDATE "Pair" SET "claimCount" = "claimCount" + 1 WHERE id = lease."pairId" AND "claimCount" < lease.overlap;
    IF NOT FOUND THEN
      RAISE EXCEPTION 'Your time on this pair ran out and other annotators have labelled it since' USING ERRCODE = 'RL409';
    END IF;
  END IF;

  UPDATE "Assignment" SET status = 'DONE', "doneAt" = v_now WHERE id = lease.id;
  v_next := rl_next_item(p_user, lease."projectId", lease.overlap, lease."goldRate", p_lease_minutes, p_expire_first, p_next_id);
  INSERT INTO "AuditLog" (id, "userId", action, "entityType", "entityId", detail, "createdAt")
  VALUES (p_audit_id, p_user, 'label.create', 'Label', p_label_id,
          jsonb_build_object('assignmentId', lease.id, 'pairId', lease."pairId", 'choice', p_choice,
                             'confidence', p_confidence, 'rationale', p_rationale), v_now);
  -- A label this person already has on the pair (however it got there) is a conflict: the
  -- exception rolls back the lease update, the claim and the audit entry with it.
  INSERT INTO "Label" (id, "pairId", "projectId", source, choice, confidence, rationale, "raterKey", "userId", "createdAt")
  VALUES (p_label_id, lease."pairId", lease."projectId", 'HUMAN', p_choice::"Choice", p_confidence, p_rationale, 'user:' || p_user, p_user, v_now)
  ON CONFLICT ("pairId", "raterKey") DO NOTHING
  RETURNING id INTO v_label;
  IF v_label IS NULL THEN
    RAISE EXCEPTION 'You have already labelled this pair (perhaps in another tab)' USING ERRCODE = 'RL409';
  END IF;

  RETURN jsonb_build_object('projectId', lease."projectId", 'overlap', lease.overlap, 'item', v_next);
END $$;
