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


-- CreateTable
CREATE TABLE "PairStats" (
    "pairId" TEXT NOT NULL,
    "projectId" TEXT NOT NULL,
    "humanA" INTEGER NOT NULL DEFAULT 0,
    "humanB" INTEGER NOT NULL DEFAULT 0,
    "humanTie" INTEGER NOT NULL DEFAULT 0,
    "aiA" INTEGER NOT NULL DEFAULT 0,
    "aiB" INTEGER NOT NULL DEFAULT 0,
    "aiTie" INTEGER NOT NULL DEFAULT 0,
    "selfLabels" INTEGER NOT NULL DEFAULT 0,
    "responseChars" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "PairStats_pkey" PRIMARY KEY ("pairId")
);

-- CreateIndex
CREATE INDEX "PairStats_projectId_idx" ON "PairStats"("projectId");

-- AddForeignKey
ALTER TABLE "PairStats" ADD CONSTRAINT "PairStats_pairId_fkey" FOREIGN KEY ("pairId") REFERENCES "Pair"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- PairStats is kept by statement-level triggers (one aggregate per statement through transition
-- tables, so a 100k-line import costs one upsert, and a submitted label one row): the explorer then
-- filters and sorts 100k pairs on plain columns (bench/explorer.ts; per-request aggregation over
-- the labels took 1.3-3 s). Labels never change pairId or a pair's responses, so these are exact.
CREATE FUNCTION rl_pair_stats_pairs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "PairStats" ("pairId", "projectId", "responseChars")
  SELECT n.id, n."projectId", char_length(ra.text) + char_length(rb.text)
  FROM new_pairs n JOIN "Response" ra ON ra.id = n."responseAId" JOIN "Response" rb ON rb.id = n."responseBId"
  ON CONFLICT ("pairId") DO NOTHING;
  RETURN NULL;
END $$;

CREATE TRIGGER rl_pair_stats_pairs AFTER INSERT ON "Pair"
  REFERENCING NEW TABLE AS new_pairs FOR EACH STATEMENT EXECUTE FUNCTION rl_pair_stats_pairs();

-- Adds sign * (counts of a transition table) to PairStats: -1 for old_rows, +1 for new_rows. The
-- transition tables are visible only in the trigger's own body, hence EXECUTE here for both.
CREATE FUNCTION rl_pair_stats_labels() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  rows_table text;
  sign int;
BEGIN
  FOR rows_table, sign IN
    SELECT t, g FROM (VALUES ('old_rows', -1, TG_OP IN ('UPDATE', 'DELETE')), ('new_rows', 1, TG_OP IN ('INSERT', 'UPDATE'))) v(t, g, used) WHERE used
  LOOP
    EXECUTE format($q$
      INSERT INTO "PairStats" AS s ("pairId", "projectId", "humanA", "humanB", "humanTie", "aiA", "aiB", "aiTie", "selfLabels")
      SELECT r."pairId", (SELECT p."projectId" FROM "Pair" p WHERE p.id = r."pairId"),
        %1$s * count(*) FILTER (WHERE r.source = 'HUMAN' AND r.choice = 'A'),
        %1$s * count(*) FILTER (WHERE r.source = 'HUMAN' AND r.choice = 'B'),
        %1$s * count(*) FILTER (WHERE r.source = 'HUMAN' AND r.choice = 'TIE'),
        %1$s * count(*) FILTER (WHERE r.source = 'AI' AND r.choice = 'A'),
        %1$s * count(*) FILTER (WHERE r.source = 'AI' AND r.choice = 'B'),
        %1$s * count(*) FILTER (WHERE r.source = 'AI' AND r.choice = 'TIE'),
        %1$s * count(*) FILTER (WHERE r.source = 'SELF')
      FROM %2$I r
      -- A label removed with its pair (a cascade) has no pair left to count for.
      WHERE EXISTS (SELECT 1 FROM "Pair" p WHERE p.id = r."pairId")
      GROUP BY r."pairId"
      ON CONFLICT ("pairId") DO UPDATE SET
        "humanA" = s."humanA" + EXCLUDED."humanA", "humanB" = s."humanB" + EXCLUDED."humanB", "humanTie" = s."humanTie" + EXCLUDED."humanTie",
        "aiA" = s."aiA" + EXCLUDED."aiA", "aiB" = s."aiB" + EXCLUDED."aiB", "aiTie" = s."aiTie" + EXCLUDED."aiTie",
        "selfLabels" = s."selfLabels" + EXCLUDED."selfLabels"$q$, sign, rows_table);
  END LOOP;
  RETURN NULL;
END $$;

CREATE TRIGGER rl_pair_stats_labels_insert AFTER INSERT ON "Label"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rl_pair_stats_labels();
CREATE TRIGGER rl_pair_stats_labels_update AFTER UPDATE ON "Label"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION rl_pair_stats_labels();
CREATE TRIGGER rl_pair_stats_labels_delete AFTER DELETE ON "Label"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION rl_pair_stats_labels();

-- The pairs and labels that exist already.
INSERT INTO "PairStats" ("pairId", "projectId", "responseChars", "humanA", "humanB", "humanTie", "aiA", "aiB", "aiTie", "selfLabels")
SELECT p.id, p."projectId", char_length(ra.text) + char_length(rb.text),
  coalesce(l."humanA", 0), coalesce(l."humanB", 0), coalesce(l."humanTie", 0), coalesce(l."aiA", 0), coalesce(l."aiB", 0), coalesce(l."aiTie", 0), coalesce(l."selfLabels", 0)
FROM "Pair" p
JOIN "Response" ra ON ra.id = p."responseAId"
JOIN "Response" rb ON rb.id = p."responseBId"
LEFT JOIN (
  SELECT "pairId",
    count(*) FILTER (WHERE source = 'HUMAN' AND choice = 'A')::int AS "humanA",
    count(*) FILTER (WHERE source = 'HUMAN' AND choice = 'B')::int AS "humanB",
    count(*) FILTER (WHERE source = 'HUMAN' AND choice = 'TIE')::int AS "humanTie",
    count(*) FILTER (WHERE source = 'AI' AND choice = 'A')::int AS "aiA",
    count(*) FILTER (WHERE source = 'AI' AND choice = 'B')::int AS "aiB",
    count(*) FILTER (WHERE source = 'AI' AND choice = 'TIE')::int AS "aiTie",
    count(*) FILTER (WHERE source = 'SELF')::int AS "selfLabels"
  FROM "Label" GROUP BY "pairId") l ON l."pairId" = p.id;
