// Second half of a BASELINES job: where the baselines file lies and the spread of its scores.
import { db, Prisma } from '../../db/client.ts'

export async function finishBaselineSet(setId: string, jobId: string, file: string | undefined) {
  if (!file) throw new Error('The trainer finished without writing the baselines')
  const rows = await db.$queryRaw<{ name: string; value: number }[]>`
    SELECT name, value FROM "JobMetric" WHERE "jobId" = ${jobId} AND name IN (${Prisma.join(['baselines/mean', 'baselines/std_within_prompt', 'baselines/std_across_prompts'])})`
  await db.baselineSet.update({ where: { id: setId }, data: { path: file, stats: Object.fromEntries(rows.map((r) => [r.name, r.value])) } })
}
