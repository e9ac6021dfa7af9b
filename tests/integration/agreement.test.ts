// The project agreement dashboard's numbers on small hand-made label sets, each expected value
// worked out by hand in a comment; and who may see them (never annotators).
import { describe, expect, test } from 'vitest'
import { callerFor, makeProject, makeUser, withProjectIds } from './helpers.ts'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { getProjectAgreement } from '@/server/services/agreement/get-project-agreement.ts'

type Choice = 'A' | 'B' | 'TIE'
type Source = 'HUMAN' | 'AI'

async function pairIds(projectId: string) {
  return (await db.pair.findMany({ where: { projectId }, orderBy: { ordinal: 'asc' }, select: { id: true } })).map((p) => p.id)
}

/** labels[pair index] = choice, for one rater; undefined leaves the pair unlabelled. */
async function rate(pairs: string[], rater: { key: string; name?: string; userId?: string; source?: Source }, labels: (Choice | undefined)[], times?: Date[]) {
  await db.label.createMany({
    data: await withProjectIds(labels.flatMap((choice, i) => choice === undefined ? [] : [{
      pairId: pairs[i], choice, source: rater.source ?? 'HUMAN', raterKey: rater.key,
      raterName: rater.name ?? null, userId: rater.userId ?? null, ...(times ? { createdAt: times[i] } : {}),
    }])),
  })
}

/** An Import row (with its Job) so that pairs can belong to different datasets. */
async function makeImport(projectId: string, owner: Actor) {
  const job = await db.job.create({ data: { kind: 'IMPORT', projectId, createdById: owner.id, status: 'SUCCEEDED' } })
  return db.import.create({ data: { projectId, userId: owner.id, jobId: job.id, format: 'PANDALM', mode: 'SKIP_INVALID', filename: 't.json', storedPath: '/dev/null', bytes: 0 } })
}

describe('agreement', () => {
  test('two platform annotators on four pairs: Cohen κ 7/11, Fleiss κ 13/21, α 2/3, names and pace', async () => {
    const r = await makeUser('RESEARCHER')
    const [x, y] = [await makeUser('ANNOTATOR', `Xena-${Date.now()}`), await makeUser('ANNOTATOR', `Yuri-${Date.now()}`)]
    const project = await makeProject({ owner: r, pairs: 4, members: [x, y] })
    const pairs = await pairIds(project.id)
    const t0 = Date.now() - 3 * 3600_000
    // x labels at t0, +10 s, +30 s, +2 h: gaps 10, 20 and a 7170 s break (over 30 min, dropped) → median 15 s.
    const times = [0, 10_000, 30_000, 7_230_000].map((ms) => new Date(t0 + ms))
    await rate(pairs, { key: `user:${x.id}`, userId: x.id }, ['A', 'A', 'B', 'TIE'], times)
    await rate(pairs, { key: `user:${y.id}`, userId: y.id }, ['A', 'B', 'B', 'TIE'])

    const res = await callerFor(r).agreement.project({ projectId: project.id, minOverlap: 4 })
    expect(res.overall).toEqual({ pairs: 4, labelledPairs: 4, pairsWith2plus: 4, ratings: 8, raters: 2 })
    // Cohen: p_o = 3/4; marginals x (A2 B1 T1), y (A1 B2 T1): p_e = (2·1 + 1·2 + 1·1)/16 = 5/16;
    // κ = (12/16 − 5/16)/(11/16) = 7/11.
    expect(res.pairwise).toHaveLength(1)
    expect(res.pairwise[0].kappa).toBeCloseTo(7 / 11, 12)
    expect(res.pairwise[0].n).toBe(4)
    expect([res.pairwise[0].nameX, res.pairwise[0].nameY].sort()).toEqual([x.name, y.name].sort())
    // Fleiss: P_i = 1, 0, 1, 1 → P̄ = 3/4; p = (A 3/8, B 3/8, T 2/8) → P_e = 22/64; κ = (48/64 − 22/64)/(42/64) = 13/21.
    expect(res.fleiss.kappa).toBeCloseTo(13 / 21, 12)
    // Krippendorff: n = 8, Σ o_cc = 6 (three agreeing units × 2), Σ n_c(n_c − 1) = 6 + 6 + 2 = 14;
    // α = (7·6 − 14)/(8·7 − 14) = 28/42.
    expect(res.krippendorff.alpha).toBeCloseTo(2 / 3, 12)
    // With two raters the leave-one-out majority is the other rater: 3 of 4 for both.
    const byName = new Map(res.raters.map((s) => [s.name, s]))
    expect(byName.get(x.name)?.majority).toEqual({ n: 4, agree: 3, rate: 0.75 })
    expect(byName.get(y.name)?.majority).toEqual({ n: 4, agree: 3, rate: 0.75 })
    expect(byName.get(x.name)?.distribution.counts).toEqual({ A: 2, B: 1, TIE: 1 })
    expect(byName.get(x.name)?.distribution.shares).toEqual({ A: 0.5, B: 0.25, TIE: 0.25 })
    expect(byName.get(x.name)?.kind).toBe('user')
    expect(byName.get(x.name)?.medianSecondsBetweenLabels).toBe(15)
    expect(res.distribution.counts).toEqual({ A: 3, B: 3, TIE: 2 })
    expect(res.itemAgreement).toEqual([{ share: 1, pairs: 3 }, { share: 0.5, pairs: 1 }])

    // The default minOverlap (5) drops a rater pair that shares only 4 pairs; the project-wide statistics stay.
    const strict = await callerFor(r).agreement.project({ projectId: project.id })
    expect(strict.minOverlap).toBe(5)
    expect(strict.pairwise).toEqual([])
    expect(strict.fleiss.kappa).toBeCloseTo(13 / 21, 12)
  })

  test('three dataset annotators, a judge against the human majority, and the AI source', async () => {
    const r = await makeUser('RESEARCHER')
    const project = await makeProject({ owner: r, pairs: 7 })
    const pairs = await pairIds(project.id)
    // p0–p4 and p6 come from one import (the judge's dataset); p5 from another the judges never saw.
    const [mine, other] = [await makeImport(project.id, r), await makeImport(project.id, r)]
    await db.pair.updateMany({ where: { id: { in: pairs.filter((_, i) => i !== 5) } }, data: { importId: mine.id } })
    await db.pair.update({ where: { id: pairs[5] }, data: { importId: other.id } })
    //                                               p0    p1    p2     p3     p4     p5   p6
    await rate(pairs, { key: 'ext:t-ann1', name: 'Ann 1' }, ['A', 'A', 'B', 'TIE', 'A', 'B', 'A'])
    await rate(pairs, { key: 'ext:t-ann2', name: 'Ann 2' }, ['A', 'A', 'B', 'TIE', 'B', 'B', 'A'])
    await rate(pairs, { key: 'ext:t-ann3', name: 'Ann 3' }, ['A', 'B', 'TIE', 'A', 'TIE'])
    // Human majorities: p0 A, p1 A, p2 B, p3 TIE, p4 none (A/B/TIE), p5 B (other dataset), p6 A.
    await rate(pairs, { key: 'judge:j1', name: 'Judge one', source: 'AI' }, ['A', 'B', 'B', 'TIE', 'A'])
    await rate(pairs, { key: 'judge:j2', name: 'Judge two', source: 'AI' }, ['A'])

    const res = await callerFor(r).agreement.project({ projectId: project.id, minOverlap: 1 })
    expect(res.overall).toEqual({ pairs: 7, labelledPairs: 7, pairsWith2plus: 7, ratings: 19, raters: 3 })
    // Leave-one-out: a reference exists only where the two others agree.
    // Ann 3: p0 (others A,A) agrees; p1 (A,A), p2 (B,B), p3 (T,T) disagree; p4 (A,B) has none → 1 / 4.
    // Ann 1: p0 (A,A), p5 (B), p6 (A) agree; p1–p4 have split others → 3 / 3.
    const byKey = new Map(res.raters.map((s) => [s.raterKey, s]))
    expect(byKey.get('ext:t-ann3')?.majority).toEqual({ n: 4, agree: 1, rate: 0.25 })
    expect(byKey.get('ext:t-ann1')?.majority).toEqual({ n: 3, agree: 3, rate: 1 })
    expect(byKey.get('ext:t-ann3')).toMatchObject({ name: 'Ann 3', kind: 'ext', labels: 5, medianSecondsBetweenLabels: null })
    expect(byKey.get('ext:t-ann3')?.distribution.counts).toEqual({ A: 2, B: 1, TIE: 2 })
    // Item agreement: p0, p5, p6 unanimous; p1–p3 two of three; p4 one of three.
    expect(res.itemAgreement).toEqual([{ share: 1, pairs: 3 }, { share: 0.667, pairs: 3 }, { share: 0.333, pairs: 1 }])
    expect(res.pairwise.map((p) => [p.raterX, p.raterY, p.n])).toEqual([
      ['ext:t-ann1', 'ext:t-ann2', 7], ['ext:t-ann1', 'ext:t-ann3', 5], ['ext:t-ann2', 'ext:t-ann3', 5],
    ])

    // Judge one's pairs: majorities in its dataset = p0, p1, p2, p3, p6 (p4 has none, p5 is elsewhere).
    // It agrees on p0, p2, p3; p1 is wrong and p6 unanswered (a disagreement) → 3 / 5; on answered pairs 3 / 4.
    const [j1, j2] = res.judges
    expect(j1).toMatchObject({ raterKey: 'judge:j1', name: 'Judge one', labels: 5, pairs: 5, answered: 4, agree: 3, rate: 0.6, answeredRate: 0.75 })
    // Rows human majority, columns judge: A→A (p0), A→B (p1), B→B (p2), TIE→TIE (p3).
    expect(j1.confusion).toEqual([[1, 1, 0], [0, 1, 0], [0, 0, 1]])
    expect(j2).toMatchObject({ raterKey: 'judge:j2', pairs: 5, answered: 1, agree: 1, rate: 0.2, answeredRate: 1 })

    // The AI source makes the judges the raters: they share p0 only, both A, so κ is undefined (null).
    const ai = await callerFor(r).agreement.project({ projectId: project.id, source: 'AI', minOverlap: 1 })
    expect(ai.overall).toEqual({ pairs: 7, labelledPairs: 5, pairsWith2plus: 1, ratings: 6, raters: 2 })
    expect(ai.raters.map((s) => s.name)).toEqual(['Judge one', 'Judge two'])
    expect(ai.fleiss.kappa).toBeNull()
    expect(ai.pairwise).toEqual([{ raterX: 'judge:j1', raterY: 'judge:j2', nameX: 'Judge one', nameY: 'Judge two', kappa: null, n: 1, observed: 1, expected: 1 }])
    expect(ai.judges[0].rate).toBe(0.6)

    // Without dataset annotators nothing human is left; the judges then have no majority to meet.
    const own = await callerFor(r).agreement.project({ projectId: project.id, includeExternal: false })
    expect(own.overall.raters).toBe(0)
    expect(own.fleiss.kappa).toBeNull()
    expect(own.judges.map((j) => [j.pairs, j.rate])).toEqual([[0, null], [0, null]])
  })

  test('labels per day: the last 30 UTC days, one series per source', async () => {
    const r = await makeUser('RESEARCHER')
    const project = await makeProject({ owner: r, pairs: 3 })
    const pairs = await pairIds(project.id)
    const now = new Date()
    const old = new Date(now.getTime() - 40 * 86_400_000)
    await rate(pairs, { key: 'ext:d1' }, ['A', 'B', 'A'], [now, now, old])
    await rate(pairs, { key: 'judge:d', source: 'AI' }, ['A'], [now])
    const res = await callerFor(r).agreement.project({ projectId: project.id })
    expect(res.labelsPerDay.days).toHaveLength(30)
    expect(res.labelsPerDay.days.at(-1)).toBe(now.toISOString().slice(0, 10))
    const series = new Map(res.labelsPerDay.series.map((s) => [s.source, s.counts]))
    expect(series.get('HUMAN')?.at(-1)).toBe(2) // the 40-day-old label is outside the window
    expect(series.get('HUMAN')?.reduce((a, b) => a + b)).toBe(2)
    expect(series.get('AI')?.at(-1)).toBe(1)
    // Too little data: one rater, nothing to compare.
    expect(res.overall.pairsWith2plus).toBe(0)
    expect(res.fleiss.kappa).toBeNull()
    expect(res.krippendorff.alpha).toBeNull()
  })

  test('annotators never see agreement, not even in their own project', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const admin = await makeUser('ADMIN')
    const project = await makeProject({ owner: r, pairs: 1, members: [a] })
    await expect(callerFor(a).agreement.project({ projectId: project.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(getProjectAgreement(a, project.id)).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(null).agreement.project({ projectId: project.id })).rejects.toMatchObject({ code: 'UNAUTHORIZED' })
    await expect(callerFor(admin).agreement.project({ projectId: project.id })).resolves.toMatchObject({ overall: { pairs: 1, ratings: 0 } })
    await expect(callerFor(r).agreement.project({ projectId: 'no-such-project' })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(r).agreement.project({ projectId: project.id, minOverlap: 0 })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
