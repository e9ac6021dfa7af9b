-- Label.projectId, copied from the label's pair, so a project's labels are one index range: the
-- agreement dashboard and the other per-project label aggregates joined EVERY label in the database
-- to its pair and kept the project's (a hash join over a sequential scan of "Label": the read grew
-- with the database, not the project; docs/benchmarks.md, "Dashboards while labelling"). A composite
-- foreign key to Pair (id, projectId) keeps the copy equal to the pair's, and still cascades.

-- AlterTable, backfilled from the pairs before NOT NULL.
ALTER TABLE "Label" ADD COLUMN "projectId" TEXT;
UPDATE "Label" l SET "projectId" = p."projectId" FROM "Pair" p WHERE p.id = l."pairId";
ALTER TABLE "Label" ALTER COLUMN "projectId" SET NOT NULL;

-- DropForeignKey
ALTER TABLE "Label" DROP CONSTRAINT "Label_pairId_fkey";

-- CreateIndex
CREATE INDEX "Label_projectId_pairId_idx" ON "Label"("projectId", "pairId");

-- CreateIndex
CREATE UNIQUE INDEX "Pair_id_projectId_key" ON "Pair"("id", "projectId");

-- AddForeignKey
ALTER TABLE "Label" ADD CONSTRAINT "Label_pairId_projectId_fkey" FOREIGN KEY ("pairId", "projectId") REFERENCES "Pair"("id", "projectId") ON DELETE CASCADE ON UPDATE CASCADE;

-- As before (20261123190000_annotation_queue_functions), the label now with its project (the lease's).
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
    'item', rl_next_item(p_user, lease."projectId", lease.overlap, p_lease_minutes, p_expire_first, p_next_id));
END $$;

-- As before (20261206100000_human_reference), reading the project's labels by Label.projectId.
CREATE OR REPLACE FUNCTION rl_human_references(p_project text, p_external boolean DEFAULT true)
RETURNS TABLE ("pairId" text, a integer, b integer, tie integer, labels integer, reference "Choice")
LANGUAGE sql STABLE AS $$
  SELECT l."pairId",
    count(*) FILTER (WHERE l.choice = 'A')::int,
    count(*) FILTER (WHERE l.choice = 'B')::int,
    count(*) FILTER (WHERE l.choice = 'TIE')::int,
    count(*)::int,
    rl_human_reference(count(*) FILTER (WHERE l.choice = 'A'), count(*) FILTER (WHERE l.choice = 'B'),
      count(*) FILTER (WHERE l.choice = 'TIE'), (SELECT "minHumanLabels" FROM "Project" WHERE id = p_project))
  FROM "Label" l
  WHERE l."projectId" = p_project AND l.source = 'HUMAN' AND (p_external OR l."raterKey" NOT LIKE 'ext:%')
  GROUP BY l."pairId"
$$;
