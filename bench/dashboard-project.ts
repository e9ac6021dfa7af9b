// The agreement dashboard's benchmark project, shared by bench/label-load.ts (--dashboards) and
// bench/agreement-read.ts: generated in SQL, so 100k labels take seconds to make.
import type { Db } from '../server/db/client.ts'

/** A project with `labels` HUMAN labels from five dataset annotators (about 3 per pair, so every
 *  statistic has work) and one judge label per pair, like an imported PandaLM-style set. */
export async function setupDashboardProject(db: Db, ownerId: string, tag: string, labels: number) {
  const pairs = Math.ceil(labels / 3)
  const project = await db.project.create({ data: { name: `bench dashboard ${tag}`, createdById: ownerId, overlap: 2 } })
  const p = project.id
  await db.$executeRawUnsafe(`INSERT INTO "Prompt"(id,"projectId",text,"contentHash") SELECT 'dp${tag}'||g, $1, 'Dash prompt '||g, 'h'||g FROM generate_series(1,$2) g`, p, pairs)
  await db.$executeRawUnsafe(`INSERT INTO "Response"(id,"promptId",text,"contentHash") SELECT 'd${tag}'||s||g, 'dp${tag}'||g, 'Answer '||s||g, s||g FROM generate_series(1,$1) g, (VALUES ('a'),('b')) v(s)`, pairs)
  await db.$executeRawUnsafe(`INSERT INTO "Pair"(id,"projectId","promptId","responseAId","responseBId","contentHash") SELECT 'dq${tag}'||g, $1, 'dp${tag}'||g, 'd${tag}a'||g, 'd${tag}b'||g, 'q'||g FROM generate_series(1,$2) g`, p, pairs)
  // Rater r labels pair g when (g + r) % 5 < 3: three raters per pair, rotating; choices pseudo-random.
  await db.$executeRawUnsafe(`INSERT INTO "Label"(id,"pairId","projectId",source,choice,"raterKey","raterName")
    SELECT 'dl${tag}'||g||'-'||r, 'dq${tag}'||g, $3, 'HUMAN', (ARRAY['A','B','TIE'])[1 + abs(hashtext(g||':'||r)) % 3]::"Choice", 'ext:bench-'||r, 'Bench rater '||r
    FROM generate_series(1,$1) g, generate_series(0,4) r WHERE (g + r) % 5 < 3 LIMIT $2`, pairs, labels, p)
  await db.$executeRawUnsafe(`INSERT INTO "Label"(id,"pairId","projectId",source,choice,"raterKey","raterName")
    SELECT 'dj${tag}'||g, 'dq${tag}'||g, $2, 'AI', (ARRAY['A','B','TIE'])[1 + abs(hashtext('j'||g)) % 3]::"Choice", 'judge:bench', 'Bench judge'
    FROM generate_series(1,$1) g`, pairs, p)
  return p
}

