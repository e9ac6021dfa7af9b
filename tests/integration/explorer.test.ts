// The data explorer on a real database: every filter on hand-built pairs (exact id sets), keyset
// paging over a generated project checked against the labels counted here independently (which
// also checks the PairStats triggers), and keyset pages and a filter on a generated 100k-pair project. Saved filters, a filtered export, a judge run over a
// filtered set, and gold answers are in explorer-actions.test.ts.
import { beforeAll, describe, expect, test } from 'vitest'
import { TRPCError } from '@trpc/server'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { generateExplorerProject } from '@/bench/explorer-data.ts'
import { encodeCursor } from '@/server/services/data/pair-filter.ts'
import { humanReference } from '@/server/lib/human-reference.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

type Filter = Record<string, string | number>
let researcher: Actor
let annotator: Actor
let projectId: string
let ids: string[]
let rmId: string

/** Every page of the filter (limit per page), as ids in page order. */
async function allPages(project: string, filter: Filter, limit = 200) {
  const out: string[] = []
  let after: string | undefined
  for (;;) {
    const page = await callerFor(researcher).data.pairs({ projectId: project, filter, after, limit })
    out.push(...page.rows.map((r) => r.id))
    if (!page.next) return out
    after = page.next
  }
}
const pairsOf = async (filter: Filter) => (await allPages(projectId, filter)).map((id) => ids.indexOf(id)).sort()

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  annotator = await makeUser('ANNOTATOR')
  const project = await makeProject({ owner: researcher, pairs: 6, members: [annotator] })
  projectId = project.id
  // Pair 6: a long response A (500 + 9 characters together with B), counted by the Pair trigger.
  const prompt = await db.prompt.create({ data: { projectId, text: 'prompt 6', contentHash: 'p6' } })
  const [a, b] = await Promise.all([['x'.repeat(500), 'la'], ['answer b6', 'lb']].map(([text, contentHash]) => db.response.create({ data: { promptId: prompt.id, text, contentHash } })))
  await db.pair.create({ data: { projectId, promptId: prompt.id, responseAId: a.id, responseBId: b.id, contentHash: 'pair6' } })
  ids = (await db.pair.findMany({ where: { projectId }, orderBy: { ordinal: 'asc' }, select: { id: true } })).map((p) => p.id)
  const L = (i: number, source: 'HUMAN' | 'AI' | 'SELF', choice: 'A' | 'B' | 'TIE', rater: string) => ({ pairId: ids[i], projectId, source, choice, raterKey: rater })
  await db.label.createMany({
    data: [
      // 0: no labels · 1: human A A, AI B · 2: human A B (split) · 3: human B, AI B, gold
      // 4: human TIE TIE A, open flag · 5: self A, resolved flag · 6: human B B, AI B
      L(1, 'HUMAN', 'A', 'ext:1'), L(1, 'HUMAN', 'A', 'ext:2'), L(1, 'AI', 'B', 'judge:j:v1'),
      L(2, 'HUMAN', 'A', 'ext:1'), L(2, 'HUMAN', 'B', 'ext:2'),
      L(3, 'HUMAN', 'B', 'ext:1'), L(3, 'AI', 'B', 'judge:j:v1'),
      L(4, 'HUMAN', 'TIE', 'ext:1'), L(4, 'HUMAN', 'TIE', 'ext:2'), L(4, 'HUMAN', 'A', 'ext:3'),
      L(5, 'SELF', 'A', 'self:x'),
      L(6, 'HUMAN', 'B', 'ext:1'), L(6, 'HUMAN', 'B', 'ext:2'), L(6, 'AI', 'B', 'judge:j:v1'),
    ],
  })
  await db.pair.update({ where: { id: ids[3] }, data: { goldChoice: 'B' } })
  await db.pairFlag.createMany({ data: [{ pairId: ids[4], userId: annotator.id, reason: 'broken' }, { pairId: ids[5], userId: annotator.id, reason: 'odd', resolvedAt: new Date() }] })
  // A reward model scored pairs 1-3 with margins 2, -1, 0.5.
  const base = await db.baseModel.create({ data: { name: 'explorer base', source: 'HF_FOLDER', ref: '/none', createdById: researcher.id } })
  const job = await db.job.create({ data: { kind: 'TRAIN_RM', status: 'SUCCEEDED', createdById: researcher.id, projectId } })
  rmId = (await db.rewardModel.create({ data: { projectId, name: 'rm', baseModelId: base.id, jobId: job.id, config: {}, createdById: researcher.id } })).id
  await db.pairScore.createMany({ data: [[1, 2], [2, -1], [3, 0.5]].map(([i, m]) => ({ rewardModelId: rmId, pairId: ids[i], scoreA: m, scoreB: 0 })) })
})

describe('filters on hand-built pairs', () => {
  test.each<[string, Filter, number[]]>([
    ['no filter', {}, [0, 1, 2, 3, 4, 5, 6]],
    ['has human labels', { source: 'HUMAN' }, [1, 2, 3, 4, 6]],
    ['has AI labels', { source: 'AI' }, [1, 3, 6]],
    ['has self labels', { source: 'SELF' }, [5]],
    ['no labels', { source: 'NONE' }, [0]],
    ['human majority A (two of two)', { majority: 'A' }, [1]],
    ['human majority B (one label counts)', { majority: 'B' }, [3, 6]],
    ['human majority tie', { majority: 'TIE' }, [4]],
    ['human split', { majority: 'SPLIT' }, [2]],
    ['no human reference (no label, the minimum being 1)', { majority: 'NONE' }, [0, 5]],
    ['humans disagree', { humanDisagree: 'yes' }, [2, 4]],
    ['humans unanimous', { humanDisagree: 'no' }, [1, 3, 6]],
    ['human vs AI disagree', { humanVsAi: 'disagree' }, [1]],
    ['human vs AI agree', { humanVsAi: 'agree' }, [3, 6]],
    ['margin >= 0.5', { rm: 'RM', minMargin: 0.5 }, [1, 3]],
    ['margin <= 0', { rm: 'RM', maxMargin: 0 }, [2]],
    ['length >= 100', { minLength: 100 }, [6]],
    ['search a response', { q: 'answer b4' }, [4]],
    ['search a prompt', { q: 'prompt 2' }, [2]],
    ['search with a LIKE wildcard taken literally', { q: 'prompt_2' }, []],
    ['created in RewardLab', { importId: 'none' }, [0, 1, 2, 3, 4, 5, 6]],
    ['gold', { gold: 'yes' }, [3]],
    ['not gold', { gold: 'no' }, [0, 1, 2, 4, 5, 6]],
    ['open flag', { flagged: 'open' }, [4]],
    ['ever flagged', { flagged: 'any' }, [4, 5]],
    ['never flagged', { flagged: 'no' }, [0, 1, 2, 3, 6]],
    ['combined: human majority B and AI labels, not gold', { majority: 'B', source: 'AI', gold: 'no' }, [6]],
  ])('%s', async (_name, filter, expected) => {
    const f = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, v === 'RM' ? rmId : v]))
    expect(await pairsOf(f)).toEqual(expected)
  })

  test('sorts: margin, length, agreement, flags; pages of one keep the order and lose nothing', async () => {
    const sorted = async (filter: Filter) => (await allPages(projectId, filter, 1)).map((id) => ids.indexOf(id))
    expect((await sorted({ rm: rmId, sort: 'margin' })).slice(0, 3)).toEqual([1, 3, 2]) // then the unscored
    expect((await sorted({ rm: rmId, sort: 'margin', dir: 'asc' })).slice(-3)).toEqual([2, 3, 1])
    expect((await sorted({ sort: 'length' }))[0]).toBe(6)
    expect((await sorted({ sort: 'humanLabels' }))[0]).toBe(4)
    expect((await sorted({ sort: 'agreement', dir: 'asc', source: 'HUMAN' })).slice(0, 2)).toEqual([2, 4]) // 1/2, then 2/3
    expect((await sorted({ sort: 'flags' }))[0]).toBe(4)
    expect((await sorted({ sort: 'length' })).sort()).toEqual([0, 1, 2, 3, 4, 5, 6])
  })

  test('a page row carries the counts and both majorities', async () => {
    const { rows } = await callerFor(researcher).data.pairs({ projectId, filter: { rm: rmId, humanVsAi: 'disagree' } })
    expect(rows).toEqual([expect.objectContaining({ id: ids[1], humanLabels: 2, aiLabels: 1, humanMajority: 'A', aiMajority: 'B', margin: 2, gold: false, openFlags: 0 })])
  })

  test('the human majority is the project reference rule: with minHumanLabels = 2 a single label is no reference', async () => {
    await db.project.update({ where: { id: projectId }, data: { minHumanLabels: 2 } })
    try {
      // Pair 3 has one human label (B): no reference now, so it leaves "B" and "human vs AI agree".
      expect(await pairsOf({ majority: 'B' })).toEqual([6])
      expect(await pairsOf({ majority: 'NONE' })).toEqual([0, 3, 5])
      expect(await pairsOf({ majority: 'A' })).toEqual([1])
      expect(await pairsOf({ majority: 'TIE' })).toEqual([4])
      expect(await pairsOf({ majority: 'SPLIT' })).toEqual([2])
      expect(await pairsOf({ humanVsAi: 'agree' })).toEqual([6])
      expect(await pairsOf({ humanVsAi: 'disagree' })).toEqual([1])
      const { rows } = await callerFor(researcher).data.pairs({ projectId, filter: { gold: 'yes' } })
      expect(rows).toEqual([expect.objectContaining({ id: ids[3], humanLabels: 1, humanMajority: null, aiMajority: 'B' })])
    } finally {
      await db.project.update({ where: { id: projectId }, data: { minHumanLabels: 1 } })
    }
  })

  test('annotators never reach the explorer', async () => {
    await expect(callerFor(annotator).data.pairs({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(annotator).data.pair({ pairId: ids[3] })).rejects.toBeInstanceOf(TRPCError)
  })
})

describe('a generated project', () => {
  const N = 5000
  let g: Awaited<ReturnType<typeof generateExplorerProject>>
  beforeAll(async () => { g = await generateExplorerProject(N) }, 120_000)

  /** The expected sets, counted here from the labels (not PairStats) with the majority rule written out again. */
  async function expected(pick: (c: { ha: number; hb: number; ht: number; aa: number; ab: number; at: number; gold: boolean; flags: number }) => boolean) {
    const rows = await db.$queryRaw<{ id: string; ha: number; hb: number; ht: number; aa: number; ab: number; at: number; gold: boolean; flags: number }[]>`
      SELECT p.id, p.ordinal,
        count(*) FILTER (WHERE l.source = 'HUMAN' AND l.choice = 'A')::int AS ha, count(*) FILTER (WHERE l.source = 'HUMAN' AND l.choice = 'B')::int AS hb,
        count(*) FILTER (WHERE l.source = 'HUMAN' AND l.choice = 'TIE')::int AS ht, count(*) FILTER (WHERE l.source = 'AI' AND l.choice = 'A')::int AS aa,
        count(*) FILTER (WHERE l.source = 'AI' AND l.choice = 'B')::int AS ab, count(*) FILTER (WHERE l.source = 'AI' AND l.choice = 'TIE')::int AS at,
        p."goldChoice" IS NOT NULL AS gold, (SELECT count(*)::int FROM "PairFlag" f WHERE f."pairId" = p.id AND f."resolvedAt" IS NULL) AS flags
      FROM "Pair" p LEFT JOIN "Label" l ON l."pairId" = p.id WHERE p."projectId" = ${g.projectId} GROUP BY p.id ORDER BY p.ordinal`
    return rows.filter(pick).map((r) => r.id)
  }
  const majority = (a: number, b: number, t: number): string | null => {
    if (a + b + t === 0) return null
    const top = Math.max(a, b, t)
    const winners = (['A', 'B', 'TIE'] as const).filter((_, i) => [a, b, t][i] === top)
    return winners.length === 1 ? winners[0] : 'SPLIT'
  }

  test('keyset pages in import order cover every pair once', async () => {
    const got = await allPages(g.projectId, {}, 200)
    expect(got).toEqual(await expected(() => true))
  })

  test('human vs AI disagreement, human disagreement, gold and open flags match the labels counted here', async () => {
    const definite = (m: string | null) => m === 'A' || m === 'B' || m === 'TIE'
    const cases: [Filter, Parameters<typeof expected>[0]][] = [
      [{ humanVsAi: 'disagree' }, (c) => definite(majority(c.ha, c.hb, c.ht)) && definite(majority(c.aa, c.ab, c.at)) && majority(c.ha, c.hb, c.ht) !== majority(c.aa, c.ab, c.at)],
      [{ humanDisagree: 'yes' }, (c) => [c.ha, c.hb, c.ht].filter((n) => n > 0).length > 1],
      [{ majority: 'TIE' }, (c) => majority(c.ha, c.hb, c.ht) === 'TIE'],
      [{ gold: 'yes' }, (c) => c.gold],
      [{ flagged: 'open' }, (c) => c.flags > 0],
    ]
    for (const [filter, pick] of cases) {
      const want = await expected(pick)
      expect(want.length, JSON.stringify(filter)).toBeGreaterThan(0)
      expect(await allPages(g.projectId, filter, 200), JSON.stringify(filter)).toEqual(want)
    }
  })

  test('sorted by margin, keyset pages are in order without duplicates or gaps', async () => {
    const got = await allPages(g.projectId, { rm: g.rewardModelId, sort: 'margin', minMargin: 1 }, 97)
    const margins = await db.pairScore.findMany({ where: { rewardModelId: g.rewardModelId, pairId: { in: got } }, select: { pairId: true, scoreA: true, scoreB: true } })
    const m = new Map(margins.map((s) => [s.pairId, s.scoreA - s.scoreB]))
    const values = got.map((id) => m.get(id)!)
    expect(values).toEqual([...values].sort((a, b) => b - a))
    expect(new Set(got).size).toBe(got.length)
    expect(got.length).toBe(await db.pairScore.count({ where: { rewardModelId: g.rewardModelId, pair: { projectId: g.projectId } } }).then(async () =>
      (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM "PairScore" WHERE "rewardModelId" = ${g.rewardModelId} AND "scoreA" - "scoreB" >= 1`)[0].n))
  })
})

describe('a generated 100k-pair project', () => {
  const N = 100_000
  let g: Awaited<ReturnType<typeof generateExplorerProject>>
  /** The project's pairs in import order. */
  let ordered: { id: string; ordinal: number }[]
  beforeAll(async () => {
    g = await generateExplorerProject(N)
    ordered = await db.pair.findMany({ where: { projectId: g.projectId }, orderBy: { ordinal: 'asc' }, select: { id: true, ordinal: true } })
  }, 300_000)
  const after = (k: number) => encodeCursor({ v: String(ordered[k - 1].ordinal), id: ordered[k - 1].id })
  const ids = (from: number, to: number) => ordered.slice(from, to).map((p) => p.id)

  test('keyset pages in import order: the first pages, a page deep in the project, the last page', async () => {
    expect(ordered).toHaveLength(N)
    const api = callerFor(researcher).data
    const got: string[] = []
    let cursor: string | undefined
    for (let i = 0; i < 3; i++) {
      const page = await api.pairs({ projectId: g.projectId, after: cursor, limit: 50 })
      got.push(...page.rows.map((r) => r.id))
      cursor = page.next!
    }
    expect(got).toEqual(ids(0, 150))
    const deep = await api.pairs({ projectId: g.projectId, after: after(80_000), limit: 50 })
    expect(deep.rows.map((r) => r.id)).toEqual(ids(80_000, 80_050))
    const next = await api.pairs({ projectId: g.projectId, after: deep.next!, limit: 50 })
    expect(next.rows.map((r) => r.id)).toEqual(ids(80_050, 80_100))
    const last = await api.pairs({ projectId: g.projectId, after: after(N - 10), limit: 50 })
    expect(last.rows.map((r) => r.id)).toEqual(ids(N - 10, N))
    expect(last.next).toBeNull()
  })

  test('gold pairs by human majority (split, too few labels), paged to the end, are the pairs the generator rule gives', async () => {
    // The generator: pair k is gold when k % 50 = 0; its human label i (1..k % 4) is A, A, B, B, TIE
    // by (3k + 2i) % 5. Its reference by the TypeScript rule (minimum 1); SPLIT: labels but no reference.
    const CHOICES = ['A', 'A', 'B', 'B', 'TIE'] as const
    const majorityOf = (k: number) => {
      const votes = { A: 0, B: 0, TIE: 0 }
      for (let i = 1; i <= k % 4; i++) votes[CHOICES[(3 * k + 2 * i) % 5]]++
      return k % 4 === 0 ? 'NONE' : humanReference(votes, 1) ?? 'SPLIT'
    }
    // Pair k's id ends in k, 7 digits; the pages come in import order.
    const gold = ordered.filter((p) => Number(p.id.slice(-7)) % 50 === 0)
    for (const majority of ['SPLIT', 'NONE', 'A'] as const) {
      const want = gold.filter((p) => majorityOf(Number(p.id.slice(-7))) === majority).map((p) => p.id)
      expect(await allPages(g.projectId, { gold: 'yes', majority }, 200), majority).toEqual(want)
    }
    expect(gold.filter((p) => majorityOf(Number(p.id.slice(-7))) === 'SPLIT').length).toBe(N / 100) // k = 50 mod 100: B + TIE
    expect((await allPages(g.projectId, { gold: 'yes' }, 200)).length).toBe(N / 50)
  })
})
