-- One human reference for every page (README "The human reference"): the project settings it reads,
-- the rule itself as SQL (so dashboards aggregate with it instead of loading labels), and imported
-- human labels counted in Pair.claimCount.

-- AlterTable
ALTER TABLE "Project" ADD COLUMN     "importedLabelsCountTowardOverlap" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "minHumanLabels" INTEGER NOT NULL DEFAULT 1;

-- The rule, from a pair's human label counts per choice: the strict unique plurality (A, B or TIE with
-- more votes than each of the other two), so one label is its own reference and a TIE majority is an
-- answer ("neither is better"); NULL ("no reference") below p_min labels or when the top is shared
-- (1 A + 1 B, 2 A + 2 TIE: a split). The single implementation; server/lib/human-reference.ts mirrors
-- it for code that already holds the labels, and both are tested on the same hand cases.
-- A one-expression SQL function, IMMUTABLE: the planner inlines it into the calling query.
CREATE FUNCTION rl_human_reference(p_a bigint, p_b bigint, p_tie bigint, p_min integer) RETURNS "Choice"
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE
    WHEN p_a + p_b + p_tie < greatest(p_min, 1) THEN NULL
    WHEN p_a > p_b AND p_a > p_tie THEN 'A'::"Choice"
    WHEN p_b > p_a AND p_b > p_tie THEN 'B'::"Choice"
    WHEN p_tie > p_a AND p_tie > p_b THEN 'TIE'::"Choice"
  END
$$;

-- Every human-labelled pair of a project with its vote counts and reference under the project's
-- minHumanLabels. p_external = false leaves dataset annotators ('ext:…' raters) out of the votes (the
-- agreement page's "platform annotators only"). STABLE one-SELECT SQL: inlined into the caller's plan.
CREATE FUNCTION rl_human_references(p_project text, p_external boolean DEFAULT true)
RETURNS TABLE ("pairId" text, a integer, b integer, tie integer, labels integer, reference "Choice")
LANGUAGE sql STABLE AS $$
  SELECT l."pairId",
    count(*) FILTER (WHERE l.choice = 'A')::int,
    count(*) FILTER (WHERE l.choice = 'B')::int,
    count(*) FILTER (WHERE l.choice = 'TIE')::int,
    count(*)::int,
    rl_human_reference(count(*) FILTER (WHERE l.choice = 'A'), count(*) FILTER (WHERE l.choice = 'B'),
      count(*) FILTER (WHERE l.choice = 'TIE'), (SELECT "minHumanLabels" FROM "Project" WHERE id = p_project))
  FROM "Label" l JOIN "Pair" p ON p.id = l."pairId"
  WHERE p."projectId" = p_project AND l.source = 'HUMAN' AND (p_external OR l."raterKey" NOT LIKE 'ext:%')
  GROUP BY l."pairId"
$$;

-- The setting is on by default: existing imported human labels fill their pairs' overlap now.
UPDATE "Pair" p SET "claimCount" = p."claimCount" + c.n
FROM (SELECT "pairId", count(*)::int AS n FROM "Label" WHERE "importId" IS NOT NULL AND source = 'HUMAN' GROUP BY "pairId") c
WHERE p.id = c."pairId";
