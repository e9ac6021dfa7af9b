// A generated project for the data explorer's benchmark and tests: n pairs made in bulk by SQL
// (generate_series), with 0-3 human labels, an AI label on every other pair, a reward model's scores,
// gold pairs and flags, all derived from the pair number g so tests can count the answers in SQL.
// A rare word ("zebra", one prompt in 10,000) and a common one ("lorem", every prompt) for search.
import { db } from '../server/db/client.ts'

export type GeneratedProject = { projectId: string; rewardModelId: string; ownerId: string; flaggerId: string }

export async function generateExplorerProject(n: number): Promise<GeneratedProject> {
  const tag = Math.random().toString(36).slice(2, 10)
  const owner = await db.user.create({ data: { email: `explorer-${tag}@bench.rewardlab`, name: `explorer ${tag}`, role: 'RESEARCHER', passwordHash: 'not-a-hash' } })
  const project = await db.project.create({ data: { name: `explorer ${tag} (${n} pairs)`, createdById: owner.id } })
  const p = project.id
  await db.$executeRaw`
    INSERT INTO "Prompt" (id, "projectId", text, "contentHash")
    SELECT ${tag} || '-pr-' || g, ${p}, 'Prompt ' || g || ' about ' || (ARRAY['cats', 'dogs', 'taxes', 'rust', 'soup'])[1 + g % 5]
      || CASE WHEN g % 10000 = 7 THEN ' and a zebra' ELSE '' END || repeat(' lorem ipsum', 5 + g % 20), md5(${tag} || g)
    FROM generate_series(1, ${n}::int) g`
  await db.$executeRaw`
    INSERT INTO "Response" (id, "promptId", text, "contentHash")
    SELECT ${tag} || '-r' || s || '-' || g, ${tag} || '-pr-' || g, 'Answer ' || s || ' to ' || g || repeat(' word', CASE s WHEN 'a' THEN g % 97 ELSE g % 31 END), md5(s || g)
    FROM generate_series(1, ${n}::int) g CROSS JOIN (VALUES ('a'), ('b')) v(s)`
  await db.$executeRaw`
    INSERT INTO "Pair" (id, "projectId", "promptId", "responseAId", "responseBId", "contentHash", "goldChoice")
    SELECT ${tag} || '-p-' || lpad(g::text, 7, '0'), ${p}, ${tag} || '-pr-' || g, ${tag} || '-ra-' || g, ${tag} || '-rb-' || g, md5('pair' || g),
      CASE WHEN g % 50 = 0 THEN 'A'::"Choice" END
    FROM generate_series(1, ${n}::int) g ORDER BY g`
  // Human label i (1..g%4) of pair g: (3g + 2i) % 5 → 0,1 A · 2,3 B · 4 TIE. AI (when g % 3 > 0): g % 7 → A below 3, B below 6, else TIE.
  await db.$executeRaw`
    INSERT INTO "Label" (id, "pairId", "projectId", source, choice, "raterKey", "raterName")
    SELECT ${tag} || '-h' || i || '-' || g, ${tag} || '-p-' || lpad(g::text, 7, '0'), ${p}, 'HUMAN',
      (ARRAY['A', 'A', 'B', 'B', 'TIE'])[1 + (3 * g + 2 * i) % 5]::"Choice", 'ext:h' || i, 'rater ' || i
    FROM generate_series(1, ${n}::int) g CROSS JOIN generate_series(1, 3) i WHERE i <= g % 4`
  await db.$executeRaw`
    INSERT INTO "Label" (id, "pairId", "projectId", source, choice, probability, "raterKey", "raterName")
    SELECT ${tag} || '-ai-' || g, ${tag} || '-p-' || lpad(g::text, 7, '0'), ${p}, 'AI', (ARRAY['A', 'A', 'A', 'B', 'B', 'B', 'TIE'])[1 + g % 7]::"Choice", 0.5, 'judge:bench:v1', 'bench judge'
    FROM generate_series(1, ${n}::int) g WHERE g % 3 > 0`
  const base = await db.baseModel.create({ data: { name: `explorer base ${tag}`, source: 'HF_FOLDER', ref: '/nonexistent', createdById: owner.id } })
  const job = await db.job.create({ data: { kind: 'TRAIN_RM', status: 'SUCCEEDED', createdById: owner.id, projectId: p, progress: 1 } })
  const rm = await db.rewardModel.create({ data: { projectId: p, name: 'explorer rm', baseModelId: base.id, jobId: job.id, config: {}, createdById: owner.id } })
  // margin = sin(g) - cos(g), in [-1.42, 1.42]
  await db.$executeRaw`
    INSERT INTO "PairScore" ("rewardModelId", "pairId", "scoreA", "scoreB")
    SELECT ${rm.id}, ${tag} || '-p-' || lpad(g::text, 7, '0'), sin(g), cos(g) FROM generate_series(1, ${n}::int) g`
  const flagger = await db.user.create({ data: { email: `flagger-${tag}@bench.rewardlab`, name: `flagger ${tag}`, role: 'ANNOTATOR', passwordHash: 'not-a-hash' } })
  // A flag on every 100th pair; those on every 200th are resolved.
  await db.$executeRaw`
    INSERT INTO "PairFlag" (id, "pairId", "userId", reason, "resolvedAt")
    SELECT ${tag} || '-f-' || g, ${tag} || '-p-' || lpad(g::text, 7, '0'), ${flagger.id}, 'generated flag', CASE WHEN g % 200 = 0 THEN now() END
    FROM generate_series(100, ${n}::int, 100) g`
  await db.$executeRaw`ANALYZE "Pair"`
  await db.$executeRaw`ANALYZE "PairStats"`
  await db.$executeRaw`ANALYZE "Label"`
  await db.$executeRaw`ANALYZE "Prompt"`
  await db.$executeRaw`ANALYZE "Response"`
  return { projectId: p, rewardModelId: rm.id, ownerId: owner.id, flaggerId: flagger.id }
}
