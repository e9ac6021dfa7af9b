-- The queue's callers pass the project's gold rate, as they pass its overlap: rl_blind_pair read
-- "Project".goldRate on every claim, a lookup the callers had already made (the project row that
-- checked access, or the lease's project in rl_lock_lease). Signatures change, so the functions are
-- dropped and created again; bodies as before (20261206120000_queue_blind_inserts,
-- 20261123190000_annotation_queue_functions) apart from the new argument.
DROP FUNCTION rl_next_item(text, text, integer, float8, boolean, text);
DROP FUNCTION rl_open_or_claim(text, text, integer, float8, boolean, text);
DROP FUNCTION rl_blind_pair(text, text);
DROP FUNCTION rl_lock_lease(text, boolean, text);

-- The pair the queue serves ahead of its normal order, or NULL: spot-checks first, then, with
-- probability p_gold_rate, a gold pair this annotator has not had (see 20261206120000_queue_blind_inserts).
CREATE FUNCTION rl_blind_pair(p_user text, p_project text, p_gold_rate float8) RETURNS text LANGUAGE plpgsql AS $$
DECLARE
  v_pair text;
BEGIN
  SELECT p.id INTO v_pair FROM "QueueInsert" q JOIN "Pair" p ON p.id = q."pairId"
  WHERE q."projectId" = p_project AND q.kind = 'SPOT_CHECK'
    AND (SELECT count(*) FROM "Assignment" a WHERE a."pairId" = q."pairId" AND a.status IN ('OPEN', 'DONE')) < q.wanted
    AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = q."pairId" AND a."userId" = p_user)
  ORDER BY q."createdAt", q.id LIMIT 1
  FOR NO KEY UPDATE OF p SKIP LOCKED;
  IF v_pair IS NOT NULL THEN RETURN v_pair; END IF;

  IF p_gold_rate > 0 AND random() < p_gold_rate THEN
    SELECT p.id INTO v_pair FROM "Pair" p
    WHERE p."projectId" = p_project AND p."goldChoice" IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = p_user)
    ORDER BY p.ordinal LIMIT 1
    FOR NO KEY UPDATE OF p SKIP LOCKED;
  END IF;
  RETURN v_pair;
END $$;

-- The current lease, else a blind insert, else the normal order (see 20261206120000_queue_blind_inserts).
CREATE FUNCTION rl_open_or_claim(p_user text, p_project text, p_overlap integer, p_gold_rate float8,
                                 p_lease_minutes float8, p_thorough boolean, p_new_id text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  v_lease text;
  v_pair text;
  v_now timestamp := now() AT TIME ZONE 'UTC';
BEGIN
  SELECT id INTO v_lease FROM "Assignment"
  WHERE "projectId" = p_project AND "userId" = p_user AND status = 'OPEN' AND "expiresAt" > v_now
  ORDER BY "assignedAt" DESC LIMIT 1;
  IF v_lease IS NOT NULL THEN RETURN rl_item(v_lease); END IF;

  v_pair := rl_blind_pair(p_user, p_project, p_gold_rate);
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

CREATE FUNCTION rl_next_item(p_user text, p_project text, p_overlap integer, p_gold_rate float8, p_lease_minutes float8,
                             p_expire_first boolean, p_new_id text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v jsonb;
BEGIN
  IF p_expire_first THEN PERFORM rl_expire_leases(p_project); END IF;
  v := rl_open_or_claim(p_user, p_project, p_overlap, p_gold_rate, p_lease_minutes, false, p_new_id);
  IF v IS NULL THEN
    IF NOT p_expire_first THEN PERFORM rl_expire_leases(p_project); END IF;
    v := rl_open_or_claim(p_user, p_project, p_overlap, p_gold_rate, p_lease_minutes, true, p_new_id);
  END IF;
  RETURN v;
END $$;

-- The lease with its project's overlap and, now, gold rate (from the same join).
CREATE FUNCTION rl_lock_lease(p_user text, p_staff boolean, p_assignment text,
  OUT id text, OUT "projectId" text, OUT "pairId" text, OUT status text, OUT overlap integer, OUT "goldRate" float8)
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('rewardlab:annotate:' || p_user));
  SELECT a.id, a."projectId", a."pairId", a."userId", a.status::text AS status, p.overlap, p."goldRate",
    EXISTS (SELECT 1 FROM "ProjectMember" m WHERE m."projectId" = a."projectId" AND m."userId" = a."userId") AS member
  INTO r
  FROM "Assignment" a JOIN "Project" p ON p.id = a."projectId"
  WHERE a.id = p_assignment
  FOR UPDATE OF a;
  IF r.id IS NULL OR r."userId" <> p_user THEN
    RAISE EXCEPTION 'Assignment not found' USING ERRCODE = 'RL404';
  END IF;
  IF NOT r.member AND NOT p_staff THEN
    RAISE EXCEPTION 'You are not assigned to this project' USING ERRCODE = 'RL403';
  END IF;
  id := r.id; "projectId" := r."projectId"; "pairId" := r."pairId"; status := r.status; overlap := r.overlap; "goldRate" := r."goldRate";
END $$;

-- As in 20261207013500_label_project_id, passing the lease's gold rate on to the next claim.
CREATE OR REPLACE FUNCTION rl_submit_label(p_user text, p_staff boolean, p_assignment text, p_choice text,
  p_confidence integer, p_rationale text, p_label_id text, p_audit_id text, p_next_id text,
  p_lease_minutes float8, p_expire_first boolean) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE
  lease record;
  v_label text;
  v_now timestamp := now() AT TIME ZONE 'UTC';
BEGIN
  SELECT * INTO lease FROM rl_lock_lease(p_user, p_staff, p_assignment);
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
  -- A label this person already has on the pair (however it got there) is a conflict, the
  -- exception rolls the lease update back with it.
  INSERT INTO "Label" (id, "pairId", "projectId", source, choice, confidence, rationale, "raterKey", "userId", "createdAt")
  VALUES (p_label_id, lease."pairId", lease."projectId", 'HUMAN', p_choice::"Choice", p_confidence, p_rationale, 'user:' || p_user, p_user, v_now)
  ON CONFLICT ("pairId", "raterKey") DO NOTHING
  RETURNING id INTO v_label;
  IF v_label IS NULL THEN
    RAISE EXCEPTION 'You have already labelled this pair (perhaps in another tab)' USING ERRCODE = 'RL409';
  END IF;
  INSERT INTO "AuditLog" (id, "userId", action, "entityType", "entityId", detail, "createdAt")
  VALUES (p_audit_id, p_user, 'label.create', 'Label', v_label,
          jsonb_build_object('assignmentId', lease.id, 'pairId', lease."pairId", 'choice', p_choice,
                             'confidence', p_confidence, 'rationale', p_rationale), v_now);

  RETURN jsonb_build_object('projectId', lease."projectId", 'overlap', lease.overlap,
    'item', rl_next_item(p_user, lease."projectId", lease.overlap, lease."goldRate", p_lease_minutes, p_expire_first, p_next_id));
END $$;
