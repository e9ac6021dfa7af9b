// Compare runs on the seeded demo project: two finished PPO runs from one SFT policy, seeded straight
// in the database (tests/support/compare-fixture.ts, no training): an RLHF run and an RLAIF run. A
// researcher picks both, reads the tags, the curves' legend, the configuration diff and the samples
// side by side, opens the shared address again, and exports CSV. Removed again afterwards (the demo
// stays as seeded). Screenshots go to tmp/.
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { db } from '@/server/db/client.ts'
import { seedComparedRuns } from '../support/compare-fixture.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { DEMO, openProjectTab, signIn } from './helpers.ts'

const tag = `e2e${Date.now().toString(36)}`
const dir = path.resolve('tmp', `compare-${tag}`)
let seeded: Awaited<ReturnType<typeof seedComparedRuns>>

test.beforeAll(async () => {
  const project = await db.project.findFirstOrThrow({ where: { name: DEMO } })
  const researcher = await db.user.findUniqueOrThrow({ where: { email: 'researcher@demo.rewardlab' } })
  seeded = await seedComparedRuns(db, { projectId: project.id, userId: researcher.id, dir, tag })
})

test.afterAll(async () => {
  const policies = [seeded.human, seeded.ai, seeded.sft]
  await db.policy.deleteMany({ where: { id: { in: policies.map((p) => p.id) } } })
  await db.rewardModel.deleteMany({ where: { id: { in: [seeded.rmHuman.id, seeded.rmAi.id] } } })
  await db.job.deleteMany({ where: { id: { in: [...policies, seeded.rmHuman, seeded.rmAi].map((x) => x.jobId) } } })
  await db.baseModel.deleteMany({ where: { name: `compare base ${tag}` } })
  fs.rmSync(dir, { recursive: true, force: true })
  await db.$disconnect()
})

test('a researcher compares an RLHF and an RLAIF run: tags, curves legend, config diff, samples side by side', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Compare')
  await expect(page.getByTestId('compare-empty')).toBeVisible()
  const picker = page.getByRole('table', { name: 'Runs to compare' })
  const pickerRow = (name: string) => picker.getByRole('row').filter({ has: page.getByLabel(`Compare ${name}`, { exact: true }) })
  await expect(pickerRow(`ppo human ${tag}`).getByTestId('run-tag')).toHaveText('RLHF')
  await expect(pickerRow(`ppo ai ${tag}`).getByTestId('run-tag')).toHaveText('RLAIF')
  await expect(pickerRow(`sft ${tag}`).getByTestId('run-tag')).toHaveText('SFT')
  // The boxes follow the address (router.replace), so they are ticked once the URL has changed.
  await page.getByLabel(`Compare ppo human ${tag}`).click()
  await expect(page.getByLabel(`Compare ppo human ${tag}`)).toBeChecked()
  await page.getByLabel(`Compare ppo ai ${tag}`).click()
  await expect(page.getByLabel(`Compare ppo ai ${tag}`)).toBeChecked()
  await expect(page).toHaveURL(new RegExp(`/compare\\?runs=${seeded.human.id}(,|%2C)${seeded.ai.id}$`))

  // Curves: one line per run, named "run (tag)" in the legend; KL has 2 + 1 points.
  const kl = page.getByTestId('compare-chart-objective-kl')
  await expect(kl).toHaveAttribute('data-points', '3')
  await expect(kl.locator('.chart-legend li')).toHaveText([`ppo human ${tag} (RLHF)`, `ppo ai ${tag} (RLAIF)`])
  await expect(page.getByTestId('compare-chart-objective-entropy')).toContainText('No points yet')
  await expect(page.getByTestId('evaluation-section')).toContainText('No evaluation of these runs yet')

  // Config diff: the differing settings highlighted, the equal ones folded.
  const diff = page.getByTestId('config-diff')
  await expect(diff.locator('tr[data-differs="true"]').locator('th')).toHaveText(['tag', 'reward model', 'k', 'rewardMode', 'trainer.ppo.kl_coef'])
  await expect(diff.locator('tr[data-key="rewardMode"] td')).toHaveText(['plain', 'contrastive'])
  await expect(diff.locator('tr[data-key="trainer.ppo.kl_coef"] td').nth(1)).toContainText('(default)')
  await expect(diff.getByRole('table', { name: 'Settings that are the same' })).toBeHidden()
  await diff.getByText('6 equal settings').click()
  await expect(diff.getByRole('table', { name: 'Settings that are the same' }).locator('tr[data-key="split.seed"] td')).toHaveText(['1', '1'])

  // Samples: per prompt, the SFT's step-0 completion, then each run's last one with its score.
  const side = page.getByTestId('side-by-side')
  await expect(side.getByRole('columnheader')).toHaveText(['Prompt', `sft ${tag} · step 0 (SFT)`, `ppo human ${tag} (RLHF, step 10)`, `ppo ai ${tag} (RLAIF, step 10)`])
  const rows = side.getByTestId('sample-row')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0).locator('td')).toHaveText([/How do I boil an egg\?/, 'Put it in water.', /Boil it for nine minutes\.score 0\.900step 0 scored 0\.100 \(\+0\.800\)/, /Simmer it gently\.score 2\.500step 0 scored 2\.000 \(\+0\.500\)/])
  await page.screenshot({ path: 'tmp/compare-runs.png', fullPage: true })

  // The address is the comparison: opened again, the same runs in the same order.
  const url = page.url()
  await page.goto(url)
  await expect(page.getByTestId('compared-runs').locator('li a')).toHaveText([`ppo human ${tag}`, `ppo ai ${tag}`])

  // CSV export: one long table.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()])
  const csv = fs.readFileSync(await download.path(), 'utf8').split('\r\n')
  expect(csv[0]).toBe('section,run_id,run_name,tag,key,step,value,score,prompt,note')
  expect(csv).toContain(`metric,${seeded.human.id},ppo human ${tag},RLHF,objective/kl,2,0.75,,,`)
  expect(csv).toContain(`config,${seeded.ai.id},ppo ai ${tag},RLAIF,rewardMode,,contrastive,,,differs`)
  const [json] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export JSON' }).click()])
  const parsed = JSON.parse(fs.readFileSync(await json.path(), 'utf8'))
  expect(parsed.runs.map((r: { tag: string }) => r.tag)).toEqual(['RLHF', 'RLAIF'])
  await page.getByTestId('config-diff').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'tmp/compare-config-diff.png' })
})

test('a researcher sets up the RLHF vs RLAIF preset on the demo\'s PandaLM pairs in one click', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 1000 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Compare')
  const card = page.getByTestId('preset-card')
  await expect(card.getByTestId('preset-data')).toHaveText(/^999 PandaLM pairs \(testset-v1\.json\) · 2,997 human labels · 974 labels by gpt-3\.5-turbo/)
  await card.getByRole('button', { name: 'Set up the experiment…' }).click()
  const dialog = page.getByRole('form', { name: 'Set up RLHF vs RLAIF' })
  await expect(dialog.getByLabel('Held-out share')).toHaveValue('0.5')
  await expect(dialog.getByLabel('AI judge for the evaluation')).toHaveValue('')
  await page.screenshot({ path: 'tmp/compare-preset-dialog.png' })
  await dialog.getByText('Built-in tiny').click() // the tests' base: nothing here waits for a small model
  await dialog.getByRole('button', { name: 'Start the experiment' }).click()
  // The page then compares the experiment's three policies, all queued behind their inputs.
  const label = /^RLHF vs RLAIF( \(\d+\))?$/
  await expect(page.getByTestId('compared-runs').locator('li a')).toHaveText([/ · SFT$/, / · PPO on RM human \(RLHF\)$/, / · PPO on RM AI \(RLAIF\)$/])
  await expect(page.getByTestId('compared-runs').locator('li').nth(1).getByTestId('run-tag')).toHaveText('RLHF')
  await expect(page.getByTestId('compared-runs').locator('li').nth(2).getByTestId('run-tag')).toHaveText('RLAIF')
  await expect(page.getByTestId('evaluation-list').getByRole('button', { name: label })).toBeVisible()
  await page.screenshot({ path: 'tmp/compare-preset-started.png', fullPage: true })
  // Nothing of it may run in the other tests' worker: cancelled, then removed.
  const project = await db.project.findFirstOrThrow({ where: { name: DEMO } })
  const evals = await db.policyEval.findMany({ where: { projectId: project.id, name: { startsWith: 'RLHF vs RLAIF' } } })
  const policies = await db.policy.findMany({ where: { projectId: project.id, name: { startsWith: 'RLHF vs RLAIF' } } })
  const rms = await db.rewardModel.findMany({ where: { projectId: project.id, name: { startsWith: 'RLHF vs RLAIF' } } })
  const researcher = await db.user.findUniqueOrThrow({ where: { email: 'researcher@demo.rewardlab' } })
  const actor = { id: researcher.id, role: researcher.role, name: researcher.name, email: researcher.email }
  const jobIds = [...evals, ...policies, ...rms].map((x) => x.jobId)
  for (const jobId of [...jobIds].reverse()) await cancelJob(actor, jobId).catch(() => undefined)
  // A job the worker had already started ends once it sees the cancel: only then are its rows removed.
  await expect.poll(() => db.job.count({ where: { id: { in: jobIds }, status: { in: ['QUEUED', 'RUNNING'] } } }), { timeout: 60_000 }).toBe(0)
  await db.policyEval.deleteMany({ where: { id: { in: evals.map((e) => e.id) } } })
  await db.policy.deleteMany({ where: { parentId: { in: policies.map((p) => p.id) } } })
  await db.policy.deleteMany({ where: { id: { in: policies.map((p) => p.id) } } })
  await db.rewardModel.deleteMany({ where: { id: { in: rms.map((m) => m.id) } } })
})

test('an annotator gets neither the Compare tab nor the page', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Compare', exact: true })).toHaveCount(0)
  const project = await db.project.findFirstOrThrow({ where: { name: DEMO } })
  await page.goto(`/projects/${project.id}/compare`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
})
