// What staff do with the explorer's filtered set, on a real database: saved filters (replace by
// name, delete), a filtered export, a judge run over the pairs a filter selects (fixed at start),
// and gold answers (audited; staff only; never in what an annotator's calls return).
import { beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { exportProject } from '@/server/services/exports/export-project.ts'
import { countScope } from '@/server/services/judges/judge-pairs.ts'
import { createJudge } from '@/server/services/judges/create-judge.ts'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { callerFor, makeProject, makeUser, settleOtherJobs } from './helpers.ts'

let researcher: Actor
let annotator: Actor
let projectId: string
let ids: string[]

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  annotator = await makeUser('ANNOTATOR')
  projectId = (await makeProject({ owner: researcher, pairs: 5, members: [annotator] })).id
  ids = (await db.pair.findMany({ where: { projectId }, orderBy: { ordinal: 'asc' }, select: { id: true } })).map((p) => p.id)
  // Human majority A on pairs 0 and 2, B on pair 1; pairs 3 and 4 unlabelled.
  await db.label.createMany({ data: [[0, 'A'], [1, 'B'], [2, 'A']].map(([i, c]) => ({ pairId: ids[i as number], projectId, source: 'HUMAN' as const, choice: c as 'A' | 'B', raterKey: 'ext:1' })) })
})

describe('saved filters', () => {
  test('saved, replaced under the same name, listed, deleted; annotators refused', async () => {
    const api = callerFor(researcher).data
    const first = await api.saveFilter({ projectId, name: 'majority A', filter: { majority: 'A' } })
    const again = await api.saveFilter({ projectId, name: 'majority A', filter: { majority: 'A', gold: 'no' } })
    expect(again.id).toBe(first.id)
    await api.saveFilter({ projectId, name: 'unlabelled', filter: { source: 'NONE' } })
    const list = await api.savedFilters({ projectId })
    expect(list.map((f) => [f.name, f.filter])).toEqual([['majority A', { majority: 'A', gold: 'no' }], ['unlabelled', { source: 'NONE' }]])
    await api.deleteFilter({ filterId: first.id })
    expect((await api.savedFilters({ projectId })).map((f) => f.name)).toEqual(['unlabelled'])
    await expect(callerFor(annotator).data.savedFilters({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(annotator).data.saveFilter({ projectId, name: 'x', filter: {} })).rejects.toMatchObject({ code: 'FORBIDDEN' })
  })
})

describe('export of a filtered set', () => {
  async function exported(filter: string | undefined, kind: 'full' | 'trl' = 'full') {
    const { lines, filename } = await exportProject(researcher, { projectId, kind, filter })
    let text = ''
    for await (const chunk of lines) text += chunk
    return { filename, records: text.split('\n').filter(Boolean).map((l) => JSON.parse(l)) }
  }

  test('only the pairs the filter selects, in import order; the file name says filtered', async () => {
    const full = await exported(JSON.stringify({ majority: 'A' }))
    expect(full.records.map((r) => r.pair_id)).toEqual([ids[0], ids[2]])
    expect(full.filename).toMatch(/-full-filtered\.jsonl$/)
    expect((await exported(JSON.stringify({ source: 'NONE' }))).records).toHaveLength(2)
    expect((await exported(undefined)).records).toHaveLength(5)
    expect((await exported(JSON.stringify({ majority: 'B' }), 'trl')).records).toEqual([expect.objectContaining({ chosen: 'answer b1', rejected: 'answer a1' })])
  })

  test('a bad filter is a BAD_REQUEST', async () => {
    await expect(exportProject(researcher, { projectId, kind: 'full', filter: '{not json' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(exportProject(researcher, { projectId, kind: 'full', filter: JSON.stringify({ majority: 'Q' }) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})

describe('a judge run over a filtered set', () => {
  test('its pairs are fixed at start (JudgeRunPair), counted as the run scope; an empty set is refused', async () => {
    const judge = await createJudge(researcher, { projectId, name: 'explorer judge', config: { provider: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'm' } } } as never)
    await expect(callerFor(researcher).judges.startRun({ judgeId: judge.id, scope: 'PAIRS', filter: { majority: 'TIE' } })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    await expect(callerFor(researcher).judges.startRun({ judgeId: judge.id, scope: 'PAIRS' })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
    const run = await callerFor(researcher).judges.startRun({ judgeId: judge.id, scope: 'PAIRS', filter: { source: 'NONE' } })
    expect((await db.judgeRunPair.findMany({ where: { runId: run.id } })).map((p) => p.pairId).sort()).toEqual([ids[3], ids[4]].sort())
    // A label added later does not change the run's pairs.
    await db.label.create({ data: { pairId: ids[3], projectId, source: 'HUMAN', choice: 'A', raterKey: 'ext:later' } })
    expect(await countScope({ projectId, runId: run.id, scope: 'PAIRS', sampleSize: null, raterKey: `judge:${judge.id}:v1` })).toBe(2)
    await settleOtherJobs()
  })
})

describe('gold answers', () => {
  test('staff mark and clear a gold answer, audited; the explorer filters on it', async () => {
    const api = callerFor(researcher).data
    expect(await api.setGold({ pairId: ids[1], choice: 'B' })).toMatchObject({ id: ids[1], goldChoice: 'B' })
    expect((await api.pairs({ projectId, filter: { gold: 'yes' } })).rows.map((r) => r.id)).toEqual([ids[1]])
    expect(await api.pair({ pairId: ids[1] })).toMatchObject({ goldChoice: 'B', goldSetBy: { name: researcher.name } })
    await api.setGold({ pairId: ids[1], choice: null })
    expect((await db.pair.findUniqueOrThrow({ where: { id: ids[1] } })).goldChoice).toBeNull()
    const audit = await db.auditLog.findMany({ where: { entityType: 'Pair', entityId: ids[1] }, orderBy: { createdAt: 'asc' } })
    expect(audit.map((a) => [a.action, a.detail])).toEqual([
      ['pair.gold.set', { goldChoice: { from: null, to: 'B' } }],
      ['pair.gold.clear', { goldChoice: { from: 'B', to: null } }],
    ])
  })

  test('a JSONL labelled import with a gold column marks those pairs gold', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-gold-')), 'gold.jsonl')
    fs.writeFileSync(file, [
      { prompt: 'gold q1', response_a: 'ga1', response_b: 'gb1', gold: 'B' },
      { prompt: 'gold q2', response_a: 'ga2', response_b: 'gb2', label: 'A' },
    ].map((r) => JSON.stringify(r)).join('\n'))
    const imp = await importLocalFile(researcher, { projectId, format: 'JSONL_LABELLED', mode: 'ALL_OR_NOTHING', filePath: file })
    const pairs = await db.pair.findMany({ where: { importId: imp.id }, orderBy: { ordinal: 'asc' }, include: { prompt: true } })
    expect(pairs.map((p) => [p.prompt.text, p.goldChoice])).toEqual([['gold q1', 'B'], ['gold q2', null]])
    const gold = await callerFor(researcher).data.pairs({ projectId, filter: { gold: 'yes', importId: imp.id } })
    expect(gold.rows.map((r) => r.id)).toEqual([pairs[0].id])
  })

  test('annotators cannot mark gold, and no annotator call returns a gold answer', async () => {
    await db.pair.update({ where: { id: ids[0] }, data: { goldChoice: 'A' } })
    await expect(callerFor(annotator).data.setGold({ pairId: ids[0], choice: 'B' })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const item = await callerFor(annotator).annotation.next({ projectId })
    const history = await callerFor(annotator).annotation.history({ projectId })
    const project = await callerFor(annotator).projects.get({ projectId })
    // No field says gold (the pairs' own texts may: this file's prompts are "gold q1", "gold q2").
    expect(JSON.stringify([item, history, project])).not.toMatch(/"gold[A-Za-z]*"\s*:/i)
    expect(JSON.stringify([item, history, project])).not.toContain('"goldChoice"')
  })
})
