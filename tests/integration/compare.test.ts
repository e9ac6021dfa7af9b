// The compare API on two PPO runs seeded straight in the database (tests/support/compare-fixture.ts):
// tags from the reward models' label sources, the curves (only the compared metrics, a re-logged step's
// latest value), the configuration diff (a trainer setting one run changed shows the default for the
// other), the samples side by side (last step, the SFT's step 0 once, each run's own step-0 score), the
// picker's list, and the refusals (annotators, a run of another project).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { trainerDefault } from '@/server/services/reward-models/trainer-settings.ts'
import { seedComparedRuns } from '../support/compare-fixture.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

let researcher: Actor
let annotator: Actor
let projectId: string
let seeded: Awaited<ReturnType<typeof seedComparedRuns>>
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-compare-'))

beforeAll(async () => {
  researcher = await makeUser('RESEARCHER')
  annotator = await makeUser('ANNOTATOR')
  projectId = (await makeProject({ owner: researcher, members: [annotator] })).id
  seeded = await seedComparedRuns(db, { projectId, userId: researcher.id, dir, tag: 'it' })
})
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

describe('compare runs', () => {
  test('runs, tags and curves', async () => {
    const c = await callerFor(researcher).compare.get({ projectId, policyIds: [seeded.human.id, seeded.ai.id] })
    expect(c.runs.map((r) => [r.name, r.tag, r.rewardMode, r.parent?.name, r.rewardModel?.name])).toEqual([
      ['ppo human it', 'RLHF', 'plain', 'sft it', 'rm human it'],
      ['ppo ai it', 'RLAIF', 'contrastive', 'sft it', 'rm ai it'],
    ])
    const curve = (metric: string) => c.curves.find((x) => x.metric === metric)!.series.map((s) => s.points)
    expect(c.curves.map((x) => x.metric)).toEqual(['objective/rlhf_reward', 'objective/scores', 'objective/kl', 'objective/entropy'])
    expect(curve('objective/kl')).toEqual([[[1, 0.5], [2, 0.75]], [[1, 0.25]]])
    expect(curve('objective/scores')).toEqual([[[1, 0.2]], []])
    expect(curve('objective/rlhf_reward')).toEqual([[], [[1, -0.5]]])
    expect(curve('objective/entropy')).toEqual([[], []])
    // The URL's order is the columns' order.
    const flipped = await callerFor(researcher).compare.get({ projectId, policyIds: [seeded.ai.id, seeded.human.id] })
    expect(flipped.runs.map((r) => r.tag)).toEqual(['RLAIF', 'RLHF'])
  })

  test('configuration diff', async () => {
    const c = await callerFor(researcher).compare.get({ projectId, policyIds: [seeded.human.id, seeded.ai.id] })
    const row = (key: string) => c.config.find((r) => r.key === key)
    const klDefault = trainerDefault<number>('ppo.kl_coef')
    expect(klDefault).not.toBe(0.1)
    expect(c.config.filter((r) => r.differs).map((r) => [r.key, r.values])).toEqual([
      ['tag', ['RLHF', 'RLAIF']],
      ['reward model', ['rm human it', 'rm ai it']],
      ['k', [4, 2]],
      ['rewardMode', ['plain', 'contrastive']],
      ['trainer.ppo.kl_coef', [0.1, klDefault]],
    ])
    expect(row('trainer.ppo.kl_coef')!.defaulted).toEqual([false, true])
    expect(c.config.filter((r) => !r.differs).map((r) => [r.key, r.values])).toEqual([
      ['kind', ['PPO', 'PPO']],
      ['base model', [null, null]],
      ['SFT policy', ['sft it', 'sft it']],
      ['split.evalShare', [0.1, 0.1]],
      ['split.seed', [1, 1]],
      ['trainPrompts', [0, 0]],
    ])
    expect(row('name') ?? row('policyId') ?? row('rewardModelId')).toBeUndefined()
  })

  test('samples side by side', async () => {
    const { samples } = await callerFor(researcher).compare.get({ projectId, policyIds: [seeded.human.id, seeded.ai.id] })
    expect(samples.startColumns).toEqual([{ parentId: seeded.sft.id, parentName: 'sft it', step: 0, fromRunId: seeded.human.id }])
    expect(samples.lastSteps).toEqual([10, 10])
    expect(samples.rows.map((r) => ({ id: r.promptId, prompt: r.prompt, start: r.start, cells: r.cells.map((x) => x && [x.completion, x.score, x.startScore]) }))).toEqual([
      { id: 'p1', prompt: seeded.prompts.p1, start: [' Put it in water.'], cells: [[' Boil it for nine minutes.', 0.9, 0.1], [' Simmer it gently.', 2.5, 2.0]] },
      { id: 'p2', prompt: seeded.prompts.p2, start: [' Blue.'], cells: [[' Red is one.', 0.4, -0.2], [' Yellow, red and blue.', 1.6, 1.0]] },
    ])
  })

  test('the picker lists every policy of the project with its tag', async () => {
    const runs = await callerFor(researcher).compare.runs({ projectId })
    expect(runs.map((r) => [r.name, r.kind, r.tag]).sort()).toEqual([['ppo ai it', 'PPO', 'RLAIF'], ['ppo human it', 'PPO', 'RLHF'], ['sft it', 'SFT', 'SFT']])
  })

  test('refusals: an annotator member, a run of another project, too many runs', async () => {
    await expect(callerFor(annotator).compare.get({ projectId, policyIds: [seeded.human.id] })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(annotator).compare.runs({ projectId })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    const other = await makeProject({ owner: researcher })
    await expect(callerFor(researcher).compare.get({ projectId: other.id, policyIds: [seeded.human.id] })).rejects.toMatchObject({ code: 'NOT_FOUND' })
    await expect(callerFor(researcher).compare.get({ projectId, policyIds: Array.from({ length: 9 }, (_, i) => `p${i}`) })).rejects.toMatchObject({ code: 'BAD_REQUEST' })
  })
})
