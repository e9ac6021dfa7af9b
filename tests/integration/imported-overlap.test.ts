// Imported human labels fill the annotation queue's overlap (project setting, on by default):
// Pair.claimCount counts them, so annotators are not served pairs an import already covers; turning
// the setting off (or on) recounts every pair. Progress figures follow: the project's filled slots
// include imported labels, and an annotator's bar is their share, not every pair.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rl-overlap-'))

/** n pairs, each with one dataset label (HUMAN, imported), as JSONL_PAIRS gives. */
async function importGold(owner: Actor, projectId: string, n: number) {
  const lines = Array.from({ length: n }, (_, i) => JSON.stringify({ id: `g${i}`, prompt: `overlap question ${i}?`, chosen: `good ${i}`, rejected: `bad ${i}` }))
  const file = path.join(dir, `gold-${projectId}.jsonl`)
  fs.writeFileSync(file, lines.join('\n') + '\n')
  await importLocalFile(owner, { projectId, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: file })
}

const claimCounts = async (projectId: string) =>
  (await db.pair.findMany({ where: { projectId }, orderBy: { ordinal: 'asc' }, select: { claimCount: true } })).map((p) => p.claimCount)

describe('imported labels and the overlap', () => {
  test('overlap 1: imported pairs are not served; off serves them; on again counts the open lease and the import', async () => {
    const r = await makeUser('RESEARCHER')
    const a = await makeUser('ANNOTATOR')
    const project = await makeProject({ owner: r, overlap: 1, members: [a] })
    await importGold(r, project.id, 3)
    expect(await claimCounts(project.id)).toEqual([1, 1, 1])
    const api = callerFor(a)
    // Every pair already has its one human label: nothing to do, and the bars say so.
    expect(await api.annotation.next({ projectId: project.id })).toMatchObject({ done: true, progress: { mine: 0, share: 0, project: { done: 3, needed: 3 } } })
    const overview = await callerFor(r).projects.get({ projectId: project.id })
    expect(overview).toMatchObject({ humanLabels: 3, labelsNeeded: 3 })
    const listed = (await callerFor(r).projects.list()).find((p) => p.id === project.id)
    expect(listed).toMatchObject({ humanLabels: 3, labelsNeeded: 3 })

    await callerFor(r).projects.update({ projectId: project.id, patch: { importedLabelsCountTowardOverlap: false } })
    expect(await claimCounts(project.id)).toEqual([0, 0, 0])
    const item = await api.annotation.next({ projectId: project.id })
    expect(item).toMatchObject({ done: false, progress: { share: 3, project: { done: 0, needed: 3 } } })
    expect(await claimCounts(project.id)).toEqual([1, 0, 0]) // the open lease

    await callerFor(r).projects.update({ projectId: project.id, patch: { importedLabelsCountTowardOverlap: true } })
    expect(await claimCounts(project.id)).toEqual([2, 1, 1]) // the lease plus each pair's imported label
  })

  test('overlap 2 with two annotators: each imported pair needs one more label, shared out', async () => {
    const r = await makeUser('RESEARCHER')
    const [a, b] = await Promise.all([makeUser('ANNOTATOR'), makeUser('ANNOTATOR')])
    const project = await makeProject({ owner: r, overlap: 2, members: [a, b] })
    await importGold(r, project.id, 4)
    // Share: ceil((4 pairs × 2 − 4 imported) / 2 annotators) = 2.
    expect(await callerFor(a).annotation.progress({ projectId: project.id })).toEqual({ mine: 0, share: 2, project: { done: 4, needed: 8 } })
    const seen: string[] = []
    for (const who of [a, b, a, b]) {
      const item = await callerFor(who).annotation.next({ projectId: project.id })
      if (item.done) throw new Error('expected an item')
      seen.push(item.pair.id)
      await callerFor(who).annotation.submit({ assignmentId: item.assignmentId, choice: 'A' })
    }
    expect(new Set(seen).size).toBe(4) // one annotator per pair: the import is the other
    for (const who of [a, b]) expect(await callerFor(who).annotation.next({ projectId: project.id })).toMatchObject({ done: true, progress: { mine: 2, share: 2, project: { done: 8, needed: 8 } } })
    expect(await claimCounts(project.id)).toEqual([2, 2, 2, 2])
  })
})
