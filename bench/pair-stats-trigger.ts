// What the PairStats trigger costs a label: N single-row label inserts (one statement each, as
// rl_submit_label makes them) inside PostgreSQL, with the Label triggers enabled and disabled, on
// a generated project (bench/explorer-data.ts). Reports µs per insert; the project is deleted after.
//   npx tsx bench/pair-stats-trigger.ts [--labels 5000] [--rounds 3]
import { loadEnv } from '../scripts/env.mjs'

loadEnv()
const { db } = await import('../server/db/client.ts')
const { generateExplorerProject } = await import('./explorer-data.ts')

const arg = (k: string, d: string) => { const i = process.argv.indexOf(`--${k}`); return i > 0 ? process.argv[i + 1] : d }
const labels = Number(arg('labels', '5000'))
const rounds = Number(arg('rounds', '3'))
const g = await generateExplorerProject(labels)

/** Microseconds per insert of one HUMAN label per pair (a rater key per round), timed inside PostgreSQL. */
async function insertEach(rater: string): Promise<number> {
  const [{ us }] = await db.$queryRaw<{ us: number }[]>`SELECT rl_bench_label_inserts(${g.projectId}, ${rater}) AS us`
  return us
}

// A statement per insert, as the hot path makes them; the clock runs inside the function, so
// round trips to this process do not count.
await db.$executeRawUnsafe(`
  CREATE OR REPLACE FUNCTION rl_bench_label_inserts(p_project text, p_rater text) RETURNS float8 LANGUAGE plpgsql AS $$
  DECLARE t0 timestamptz := clock_timestamp(); r record; n int := 0;
  BEGIN
    FOR r IN SELECT id FROM "Pair" WHERE "projectId" = p_project LOOP
      INSERT INTO "Label" (id, "pairId", "projectId", source, choice, "raterKey", "createdAt") VALUES (md5(random()::text), r.id, p_project, 'HUMAN', 'A', p_rater, now());
      n := n + 1;
    END LOOP;
    RETURN extract(epoch FROM clock_timestamp() - t0) * 1e6 / greatest(n, 1);
  END $$`)
for (let r = 0; r < rounds; r++) {
  const on = await insertEach(`ext:on-${r}`)
  await db.$executeRawUnsafe('ALTER TABLE "Label" DISABLE TRIGGER rl_pair_stats_labels')
  const off = await insertEach(`ext:off-${r}`)
  await db.$executeRawUnsafe('ALTER TABLE "Label" ENABLE TRIGGER rl_pair_stats_labels')
  console.log(`round ${r + 1}: ${labels} single-row label inserts: ${on.toFixed(1)} µs each with the PairStats trigger, ${off.toFixed(1)} µs without (+${(on - off).toFixed(1)} µs)`)
}
await db.project.delete({ where: { id: g.projectId } })
await db.$executeRawUnsafe('DROP FUNCTION rl_bench_label_inserts(text, text)')
await db.$disconnect()
