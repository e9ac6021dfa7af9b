// A policy evaluation end to end on the seeded demo project, with the real worker and the fake
// OpenAI-compatible judge: two small random policies (and a random held-out reward model) are seeded as
// finished SFT runs (no training: their folders are written by tests/support/make-tiny-models.py). A
// researcher picks both on the Compare tab, evaluates them with the judge and the held-out RM, and reads
// the win-rate matrices (checked against the stored verdicts), the harmless rates and the completions
// side by side. Removed again afterwards. Screenshots go to tmp/.
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { db } from '@/server/db/client.ts'
import { DEMO, openProjectTab, signIn } from './helpers.ts'

const tag = `e2e${Date.now().toString(36)}`
const dir = path.resolve('tmp', `policy-eval-${tag}`)
const FAKE_URL = process.env.E2E_FAKE_OPENAI_URL!
let ids: { policies: string[]; jobs: string[]; rmId: string; judgeId: string; projectId: string }

test.beforeAll(async () => {
  execFileSync(path.resolve('.venv/bin/python'), ['tests/support/make-tiny-models.py', dir, 'a,b'], { env: { ...process.env, PYTHONPATH: 'workers/trainer' }, stdio: 'ignore' })
  const project = await db.project.findFirstOrThrow({ where: { name: DEMO } })
  const researcher = await db.user.findUniqueOrThrow({ where: { email: 'researcher@demo.rewardlab' } })
  const job = async (kind: 'SFT' | 'TRAIN_RM') => (await db.job.create({ data: { kind, status: 'SUCCEEDED', progress: 1, phase: 'done', projectId: project.id, createdById: researcher.id, finishedAt: new Date() } })).id
  const base = await db.baseModel.create({ data: { name: `eval base ${tag}`, source: 'BUILTIN', ref: 'tiny', createdById: researcher.id } })
  const jobs: string[] = []
  const policies: string[] = []
  for (const name of ['a', 'b']) {
    const jobId = await job('SFT')
    jobs.push(jobId)
    policies.push((await db.policy.create({ data: { projectId: project.id, kind: 'SFT', name: `sft ${name} ${tag}`, baseModelId: base.id, jobId, config: { name, source: 'HUMAN' }, outputDir: path.join(dir, name), createdById: researcher.id } })).id)
  }
  const rmJob = await job('TRAIN_RM')
  jobs.push(rmJob)
  const rm = await db.rewardModel.create({ data: { projectId: project.id, name: `held-out rm ${tag}`, baseModelId: base.id, jobId: rmJob, config: { name: 'held-out', sources: ['HUMAN'] }, outputDir: path.join(dir, 'rm'), summary: { checkpointDir: path.join(dir, 'rm') }, createdById: researcher.id } })
  const judge = await db.judge.create({ data: { projectId: project.id, name: `eval judge ${tag}`, createdById: researcher.id, config: { provider: { kind: 'openai', baseUrl: FAKE_URL, model: 'fake', apiKeyRef: 'E2E_FAKE' }, rate: { concurrency: 4, requestsPerMinute: 60_000 } } } })
  ids = { policies, jobs, rmId: rm.id, judgeId: judge.id, projectId: project.id }
})

test.afterAll(async () => {
  const evals = await db.policyEval.findMany({ where: { policies: { some: { policyId: { in: ids.policies } } } } })
  await db.policyEval.deleteMany({ where: { id: { in: evals.map((e) => e.id) } } })
  await db.job.deleteMany({ where: { id: { in: evals.map((e) => e.jobId) } } })
  await db.policy.deleteMany({ where: { id: { in: ids.policies } } })
  await db.rewardModel.deleteMany({ where: { id: ids.rmId } })
  await db.judge.deleteMany({ where: { id: ids.judgeId } })
  await db.job.deleteMany({ where: { id: { in: ids.jobs } } })
  await db.baseModel.deleteMany({ where: { name: `eval base ${tag}` } })
  fs.rmSync(dir, { recursive: true, force: true })
  await db.$disconnect()
})

test('a researcher evaluates two runs: win-rate matrices with intervals and ties, harmless rates, completions side by side', async ({ page }) => {
  test.setTimeout(5 * 60_000)
  await page.setViewportSize({ width: 1400, height: 1000 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Compare')
  for (const name of ['a', 'b']) {
    await page.getByLabel(`Compare sft ${name} ${tag}`).click()
    await expect(page.getByLabel(`Compare sft ${name} ${tag}`)).toBeChecked()
  }
  const section = page.getByTestId('evaluation-section')
  await expect(section).toContainText('No evaluation of these runs yet')
  await section.getByRole('button', { name: 'Evaluate these runs' }).click()
  const dialog = page.getByRole('form', { name: 'Evaluate runs' })
  await dialog.getByLabel('Name').fill(`eval ${tag}`)
  await dialog.getByLabel('Pairwise judge').selectOption({ label: `eval judge ${tag}` })
  await dialog.getByLabel('Held-out reward model').selectOption({ label: `held-out rm ${tag}` })
  await dialog.getByLabel(/^Evaluation prompts/).fill('4')
  await dialog.getByRole('spinbutton', { name: /^Response length/ }).fill('8')
  await page.screenshot({ path: 'tmp/policy-eval-dialog.png' })
  await dialog.getByRole('button', { name: 'Start evaluation' }).click()

  // The worker generates, asks the judge in both orders and about harm; the matrices appear when it is done.
  const judgeMatrix = section.getByTestId('win-matrix-JUDGE')
  await expect(judgeMatrix).toBeVisible({ timeout: 4 * 60_000 })
  await expect(section.getByTestId('evaluation-list')).toContainText('done')
  const ev = await db.policyEval.findFirstOrThrow({ where: { name: `eval ${tag}` } })
  const verdicts = await db.policyEvalVerdict.findMany({ where: { evalId: ev.id, source: 'JUDGE' } })
  expect(verdicts).toHaveLength(4)
  const [a] = ids.policies
  const score = verdicts.reduce((s, v) => s + (v.policyAId === a ? (v.outcome === 'A' ? 1 : v.outcome === 'TIE' ? 0.5 : 0) : 0), 0)
  const ties = verdicts.filter((v) => v.outcome === 'TIE').length
  // Row a, column b: a's win rate over b; row b, column a: the rest.
  const cell = (row: number, col: number) => judgeMatrix.locator('tbody tr').nth(row).locator('td').nth(col)
  await expect(cell(0, 1)).toContainText(`${(100 * score / 4).toFixed(1)}%`)
  await expect(cell(1, 0)).toContainText(`${(100 * (4 - score) / 4).toFixed(1)}%`)
  await expect(cell(0, 1)).toContainText(`4 prompts · ties ${Math.round(100 * ties / 4)}%`)
  await expect(section.getByTestId('win-matrix-REWARD_MODEL')).toBeVisible()
  const samples = await db.policyEvalSample.findMany({ where: { evalId: ev.id, policyId: a } })
  const harmless = samples.filter((s) => s.harmful === false).length
  await expect(section.getByTestId('eval-policy-table').locator('tbody tr').first()).toContainText(`${(100 * harmless / 4).toFixed(1)}%`)
  const side = section.getByTestId('eval-samples')
  await expect(side.locator('tbody tr')).toHaveCount(4)
  await expect(side.getByRole('columnheader')).toHaveText(['Prompt', `sft a ${tag}`, `sft b ${tag}`, 'Verdicts'])
  await expect(side.locator('tbody tr').first()).toContainText(/judge: (sft a .* wins|sft b .* wins|tie)/)
  await section.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'tmp/policy-eval-results.png', fullPage: true })
})
