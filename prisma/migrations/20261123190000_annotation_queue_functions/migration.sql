-- The annotation queue's hot path as PL/pgSQL functions, so one label is ONE round trip from the
-- web server (measured: seven statements through the Prisma client cost ~12 ms of server CPU per
-- label, mostly socket writes and client-side query handling). Plans inside PL/pgSQL are cached
-- per connection. The TypeScript services in server/services/annotation/ call these and keep the
-- rules' documentation; the SQL here is the single implementation of each step.
-- Times: Prisma stores DateTime as UTC in "timestamp without time zone", hence now() AT TIME ZONE 'UTC'.
-- Errors: SQLSTATE RL403 (forbidden), RL404 (not found), RL409 (conflict), mapped to ServiceError.

-- Frees the project's abandoned leases (OPEN past expiresAt) and gives their slots back. At most one
-- session expires a project at a time (a try-lock: the others go on without waiting), so two
-- expiries never lock the same pairs in opposite orders.
CREATE FUNCTION rl_expire_leases(p_project text) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE n integer;
BEGIN
  IF NOT pg_try_advisory_xact_lock(hashtext('rewardlab:expire:' || p_project)) THEN RETURN 0; END IF;
  WITH stale AS (
    SELECT id FROM "Assignment"
    WHERE status = 'OPEN' AND "expiresAt" < (now() AT TIME ZONE 'UTC') AND "projectId" = p_project
    FOR UPDATE SKIP LOCKED
  ), expired AS (
    UPDATE "Assignment" a SET status = 'EXPIRED' FROM stale WHERE a.id = stale.id RETURNING a."pairId"
  )
  UPDATE "Pair" p SET "claimCount" = p."claimCount" - c.n
  FROM (SELECT "pairId", count(*)::int AS n FROM expired GROUP BY "pairId") c
  WHERE p.id = c."pairId";
  GET DIAGNOSTICS n = ROW_COUNT;
  RETURN n;
END $$;

-- One lease as the annotate page's item: the pair's texts. Never the pair's labels nor model names,
-- which would bias the annotator. (The annotator's own label count is kept by the caller: counting
-- it here grows with every label they give.)
-- PL/pgSQL rather than SQL: PostgreSQL 17 plans a SQL function on every call (measured 1.5 ms per
-- item under load), a PL/pgSQL one once per connection.
CREATE FUNCTION rl_item(p_assignment text) RETURNS jsonb LANGUAGE plpgsql STABLE AS $$
BEGIN
  RETURN (
    SELECT jsonb_build_object(
      'assignmentId', a.id, 'expiresAt', a."expiresAt", 'pairId', p.id,
      'prompt', (SELECT text FROM "Prompt" WHERE id = p."promptId"),
      'responseA', (SELECT text FROM "Response" WHERE id = p."responseAId"),
      'responseB', (SELECT text FROM "Response" WHERE id = p."responseBId"))
    FROM "Assignment" a JOIN "Pair" p ON p.id = a."pairId"
    WHERE a.id = p_assignment);
END $$;

-- The annotator's newest unexpired OPEN lease, only when there is none, a pair is picked, its
-- claimCount raised and a lease p_new_id inserted. NULL when no pair has room for this person.
-- Pairs closest to overlap come first, then import order, so started pairs reach their N annotators
-- before fresh ones open. Fast: per claim level, the first 64 pairs of the (projectId, claimCount,
-- ordinal) index, skipping rows another session is claiming (64 bounds the work when one annotator
-- is far ahead of the others). Thorough: every level, waiting for locked rows instead of skipping
-- them, so "finished" is never said while a pair has room for this person.
CREATE FUNCTION rl_open_or_claim(p_user text, p_project text, p_overlap integer, p_lease_minutes float8,
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

  IF p_thorough THEN
    SELECT p.id INTO v_pair FROM "Pair" p
    WHERE p."projectId" = p_project AND p."claimCount" < p_overlap
      AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = p_user)
    ORDER BY p."claimCount" DESC, p.ordinal LIMIT 1
    FOR NO KEY UPDATE OF p;
  ELSE
    SELECT c.id INTO v_pair FROM generate_series(p_overlap - 1, 0, -1) AS lvl(n)
    CROSS JOIN LATERAL (
      SELECT p.id FROM (
        SELECT id, ordinal FROM "Pair" WHERE "projectId" = p_project AND "claimCount" = lvl.n
        ORDER BY ordinal LIMIT 64
      ) cand JOIN "Pair" p ON p.id = cand.id
      WHERE p."claimCount" < p_overlap
        AND NOT EXISTS (SELECT 1 FROM "Assignment" a WHERE a."pairId" = p.id AND a."userId" = p_user)
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

-- The queue step every annotation operation ends with: the current or a newly claimed item, NULL
-- when finished. Expiry runs first when the caller says it is due (at most every few seconds per
-- project), and always before the queue reports itself finished. Call with the annotator lock held.
CREATE FUNCTION rl_next_item(p_user text, p_project text, p_overlap integer, p_lease_minutes float8,
                             p_expire_first boolean, p_new_id text) RETURNS jsonb LANGUAGE plpgsql AS $$
DECLARE v jsonb;
BEGIN
  IF p_expire_first THEN PERFORM rl_expire_leases(p_project); END IF;
  v := rl_open_or_claim(p_user, p_project, p_overlap, p_lease_minutes, false, p_new_id);
  IF v IS NULL THEN
    IF NOT p_expire_first THEN PERFORM rl_expire_leases(p_project); END IF;
    v := rl_open_or_claim(p_user, p_project, p_overlap, p_lease_minutes, true, p_new_id);
  END IF;
  RETURN v;
END $$;

-- Takes the annotator's queue lock (serialises their two tabs and double presses until the
-- transaction ends, always taken before any row lock, so the operations cannot deadlock each
-- other), then the caller's lease row-locked against a concurrent expiry, with its project. FOR
-- UPDATE returns the row as the previous holder of the lock committed it, so a second tab sees
-- DONE. Someone else's lease is not found, a non-member (not staff) is refused.
CREATE FUNCTION rl_lock_lease(p_user text, p_staff boolean, p_assignment text,
  OUT id text, OUT "projectId" text, OUT "pairId" text, OUT status text, OUT overlap integer)
LANGUAGE plpgsql AS $$
DECLARE r record;
BEGIN
  PERFORM pg_advisory_xact_lock(hashtext('rewardlab:annotate:' || p_user));
  SELECT a.id, a."projectId", a."pairId", a."userId", a.status::text AS status, p.overlap,
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
  id := r.id; "projectId" := r."projectId"; "pairId" := r."pairId"; status := r.status; overlap := r.overlap;
END $$;

-- Records the annotator's preference for the pair of one of their leases (lease DONE, label and
-- audit entry written together) and returns {projectId, overlap, item: the next item or null}.
-- A lease submitted twice is a conflict, an expired lease still counts when the pair has room.
CREATE FUNCTION rl_submit_label(p_user text, p_staff boolean, p_assignment text, p_choice text,
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
  INSERT INTO "Label" (id, "pairId", source, choice, confidence, rationale, "raterKey", "userId", "createdAt")
  VALUES (p_label_id, lease."pairId", 'HUMAN', p_choice::"Choice", p_confidence, p_rationale, 'user:' || p_user, p_user, v_now)
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
    'item', rl_next_item(p_user, lease."projectId", lease.overlap, p_lease_minutes, p_expire_first, p_next_id));
END $$;
