// The published PandaLM figure through the product's own path: import the test set and the
// GPT-3.5 judge file exactly as a researcher would, then read the judge's alignment with the
// human majority from the agreement service: 697 / 999 = 69.8 % (three-way, ties counted,
// unparsable verdicts count as disagreement).
import path from 'node:path'
import { expect, test } from 'vitest'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import { getProjectAgreement } from '@/server/services/agreement/get-project-agreement.ts'
import { getJudgeDashboard } from '@/server/services/judges/get-judge-dashboard.ts'
import { makeProject, makeUser } from './helpers.ts'

const DATA = path.resolve('data/datasets/pandalm')

test('imported PandaLM + GPT-3.5 judge labels reproduce 69.8 % alignment with the human majority', async () => {
  const researcher = await makeUser('RESEARCHER')
  const project = await makeProject({ owner: researcher })
  const testset = await importLocalFile(researcher, { projectId: project.id, format: 'PANDALM', mode: 'SKIP_INVALID', filePath: path.join(DATA, 'testset-v1.json') })
  expect(testset.pairsCreated).toBe(999)
  const judge = await importLocalFile(researcher, {
    projectId: project.id, format: 'PANDALM_JUDGE', mode: 'SKIP_INVALID', filePath: path.join(DATA, 'judge-gpt-3.5-turbo-testset-v1.json'), judgeName: 'gpt-3.5-turbo',
  })
  expect(judge.labelsCreated).toBe(974)
  const res = await getProjectAgreement(researcher, project.id, {})
  const gpt = res.judges.find((j) => j.raterKey === 'judge:gpt-3.5-turbo')!
  expect(gpt).toMatchObject({ pairs: 999, answered: 974, agree: 697 })
  expect(Math.round(gpt.rate! * 1000) / 10).toBe(69.8)
  expect(res.overall.pairsWith2plus).toBe(999)

  // The judge dashboard states the same figure for the same rater, and its answered-pair statistics.
  const dash = await getJudgeDashboard(researcher, project.id, 'judge:gpt-3.5-turbo')
  expect(dash.headline).toMatchObject({ pairs: 999, answered: 974, agree: 697 })
  expect(dash.alignment).toMatchObject({ n: 974, agree: 697 })
  expect(dash.confusion.flat().reduce((a, b) => a + b, 0)).toBe(974)
  expect(dash.positionBias.pairs).toBe(0) // imported labels carry no per-order probabilities
  expect(dash.disagreements.length).toBe(50)
})
