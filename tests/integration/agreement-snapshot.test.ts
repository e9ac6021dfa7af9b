// The agreement dashboard's stored snapshots (DashboardSnapshot) with the cache on, the statement
// counted: a project never computed computes ONCE for concurrent readers; a read after a "restart"
// (memory forgotten) returns the stored numbers without the statement; a due snapshot is served at
// once while the background refresh recomputes it after new labels (and after a revision, which
// adds no label); unchanged labels move only checkedAt; the IMPORT task stores the numbers so the
// first read after an import computes nothing; the judge dashboard's headline comes from them.
// No test measures time: each waits for a state (the stored row changing).
import { Readable } from 'node:stream'
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { createImport } from '@/server/services/imports/create-import.ts'
import { forgetAgreementSnapshots } from '@/server/services/agreement/read-agreement-snapshot.ts'
import { importTask } from '@/workers/tasks/import.ts'
import { callerFor, makeProject, makeUser, runHere, waitFor, withProjectIds } from './helpers.ts'

const statements = vi.hoisted(() => ({ n: 0 }))
vi.mock('@/server/services/agreement/read-agreement-aggregates.ts', async (original) => {
  const m = await original<typeof import('@/server/services/agreement/read-agreement-aggregates.ts')>()
  return { ...m, readAgreementAggregates: (...args: Parameters<typeof m.readAgreementAggregates>) => { statements.n++; return m.readAgreementAggregates(...args) } }
})

let researcher: Actor
const maxAgeBefore = process.env.REWARDLAB_DASHBOARD_MAX_AGE_SECONDS
beforeAll(async () => {
  process.env.REWARDLAB_DASHBOARD_MAX_AGE_SECONDS = '5' // scripts/test.mjs turns the cache off for the other tests
  researcher = await makeUser('RESEARCHER')
})
afterAll(() => { process.env.REWARDLAB_DASHBOARD_MAX_AGE_SECONDS = maxAgeBefore })
beforeEach(() => forgetAgreementSnapshots())

async function projectWithLabels(pairs: number, raters: string[], choice: (rater: number, pair: number) => 'A' | 'B' | 'TIE') {
  const project = await makeProject({ owner: researcher, pairs })
  const ids = (await db.pair.findMany({ where: { projectId: project.id }, orderBy: { ordinal: 'asc' }, select: { id: true } })).map((p) => p.id)
  await db.label.createMany({ data: await withProjectIds(raters.flatMap((r, ri) => ids.map((pairId, pi) => ({ pairId, raterKey: `ext:${r}`, raterName: r, source: 'HUMAN' as const, choice: choice(ri, pi) })))) })
  return { project, ids }
}
const read = (projectId: string) => callerFor(researcher).agreement.project({ projectId })
const stored = (projectId: string) => db.dashboardSnapshot.findUniqueOrThrow({ where: { projectId_key: { projectId, key: 'HUMAN|true' } } })
/** Makes the stored snapshot due (checked a minute ago) and forgets this process's copy, as after a restart. */
async function age(projectId: string) {
  await db.dashboardSnapshot.updateMany({ where: { projectId }, data: { checkedAt: new Date(Date.now() - 60_000) } })
  forgetAgreementSnapshots()
}

describe('agreement snapshots', () => {
  test('never computed: concurrent first reads run the statement once and store it; a read after a restart does not run it', async () => {
    const { project } = await projectWithLabels(4, ['x', 'y'], () => 'A')
    const before = statements.n
    const [a, b] = await Promise.all([read(project.id), read(project.id)])
    expect(statements.n - before).toBe(1)
    expect(a.overall).toEqual({ pairs: 4, labelledPairs: 4, pairsWith2plus: 4, ratings: 8, raters: 2 })
    expect(b.overall).toEqual(a.overall)
    const row = await stored(project.id)
    expect(row).toMatchObject({ labelCount: 8 })
    forgetAgreementSnapshots() // a restart: nothing in memory, the table still has it
    const again = await read(project.id)
    expect(statements.n - before).toBe(1)
    expect(again).toMatchObject({ overall: a.overall, refreshing: false })
    expect(again.asOf).toEqual(row.checkedAt)
  })

  test('due and new labels: the stored numbers at once, then one background refresh recomputes them', async () => {
    const { project, ids } = await projectWithLabels(4, ['x', 'y'], () => 'A')
    await read(project.id)
    await db.label.createMany({ data: await withProjectIds(ids.map((pairId) => ({ pairId, raterKey: 'ext:z', raterName: 'z', source: 'HUMAN' as const, choice: 'B' as const }))) })
    await age(project.id)
    const old = await stored(project.id)
    const before = statements.n
    const served = await read(project.id)
    expect(served.overall.ratings).toBe(8) // the stored numbers, not waited for
    expect(served.refreshing).toBe(true)
    const row = await waitFor('the refreshed snapshot', async () => { const r = await stored(project.id); return r.computedAt > old.computedAt && r })
    expect(row.labelCount).toBe(12)
    expect(statements.n - before).toBe(1)
    const fresh = await read(project.id)
    expect(fresh).toMatchObject({ overall: { ratings: 12, raters: 3 }, refreshing: false })
    expect(fresh.computedAt).toEqual(row.computedAt)
  })

  test('due, labels unchanged: only checkedAt moves; a revision (no new label) recomputes', async () => {
    const { project, ids } = await projectWithLabels(3, ['x', 'y'], () => 'A')
    const first = await read(project.id)
    expect(first.fleiss.kappa).not.toBeNaN()
    await age(project.id)
    const old = await stored(project.id)
    const before = statements.n
    await read(project.id)
    const checked = await waitFor('the check', async () => { const r = await stored(project.id); return r.checkedAt > old.checkedAt && r })
    expect(checked.computedAt).toEqual(old.computedAt)
    expect(statements.n - before).toBe(0)
    expect((await read(project.id)).asOf).toEqual(checked.checkedAt)

    await db.label.updateMany({ where: { pairId: ids[0], raterKey: 'ext:y' }, data: { choice: 'B' } })
    await age(project.id)
    await read(project.id)
    const revised = await waitFor('the recomputed snapshot', async () => { const r = await stored(project.id); return r.computedAt > old.computedAt && r })
    expect(revised.labelCount).toBe(6)
    expect(statements.n - before).toBe(1)
    const after = await read(project.id)
    expect(after.raters.find((r) => r.name === 'y')?.distribution.counts).toEqual({ A: 2, B: 1, TIE: 0 })
  })

  test('the IMPORT task stores the dashboard: the first read after the import runs no statement', async () => {
    const project = await makeProject({ owner: researcher })
    const body = Readable.from([Array.from({ length: 6 }, (_, i) => JSON.stringify({ prompt: `snap q${i}`, chosen: `good ${i}`, rejected: `bad ${i}` })).join('\n')])
    const imp = await createImport(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filename: 's.jsonl', body })
    // Run here, not by a worker another test run may have against this database.
    await (await getBoss()).cancel(JOB_CONTRACT.IMPORT.queue, imp.job.queueJobId!)
    const job = await runHere('IMPORT', imp.jobId, importTask)
    expect(job.status).toBe('SUCCEEDED')
    expect(await db.jobLog.findFirst({ where: { jobId: imp.jobId, message: { startsWith: 'agreement dashboard: 1 of 1' } } })).not.toBeNull()
    const row = await stored(project.id)
    const before = statements.n
    const res = await read(project.id)
    expect(statements.n - before).toBe(0)
    expect(res.overall).toMatchObject({ pairs: 6, labelledPairs: 6 })
    expect(res.asOf).toEqual(row.checkedAt)
  })

  test('the judge dashboard headline is the judge row of the stored agreement numbers (no statement when stored)', async () => {
    const { project, ids } = await projectWithLabels(4, ['x'], (_r, p) => (p < 3 ? 'A' : 'B'))
    await db.label.createMany({ data: await withProjectIds(ids.map((pairId) => ({ pairId, raterKey: 'judge:j', raterName: 'J', source: 'AI' as const, choice: 'A' as const }))) })
    const page = await read(project.id)
    const before = statements.n
    const dash = await callerFor(researcher).judges.dashboard({ projectId: project.id, raterKey: 'judge:j' })
    expect(statements.n - before).toBe(0)
    expect(dash.headline).toMatchObject({ ...page.judges.find((j) => j.raterKey === 'judge:j'), name: 'J' })
    expect(dash.headline).toMatchObject({ labels: 4, pairs: 4, agree: 3 })
  })
})
