// Policies end to end on the seeded demo project, with the real worker: a researcher trains a tiny
// reward model, then an SFT policy through its dialog (curves, samples at each evaluation), then a
// contrastive PPO run from it (waits for its baseline samples, then PPO's curves under TRL's names,
// the time split and samples compared with step 0); the list shows all three and the baseline set
// the run used. Then d-RLAIF PPO from the same policy with a judge on the fake endpoint (the admin's
// server key): no reward model, the judge and the judging cost on the run page. An annotator gets
// neither the tab nor the page. Screenshots go to tmp/.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, openProjectTab, signIn, startTinyRewardModel, TRAINING, waitForRunEnd } from './helpers.ts'

const points = async (page: Page, testId: string) => Number(await page.getByTestId(testId).getAttribute('data-points'))

test('a researcher trains an SFT policy, then runs contrastive PPO from it and reads its curves and samples', async ({ page }) => {
  test.setTimeout(15 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  const tag = Date.now().toString(36)
  await openProjectTab(page, 'Reward models')
  await startTinyRewardModel(page, `rm for ppo ${tag}`)
  await waitForRunEnd(page, 'rm-status')

  // SFT on the human-preferred responses, a few steps of the tiny model.
  await page.getByRole('link', { name: 'Policies', exact: true }).click()
  await page.getByRole('button', { name: 'Train SFT policy' }).click()
  const sft = page.getByRole('form', { name: 'Train SFT policy' })
  await expect(sft.getByTestId('label-count-HUMAN')).toHaveText(/^[1-9][\d,]* labels$/)
  await expect(sft.getByTestId('prompt-split')).toHaveText(/^[1-9][\d,]* train \/ [1-9][\d,]* held-out prompts, split by prompt$/)
  await sft.getByLabel('Name').fill(`sft ${tag}`)
  await sft.getByLabel(/Built-in tiny/).check()
  await sft.getByText('Advanced: SFT settings').click()
  await sft.getByRole('spinbutton', { name: /^Max steps/ }).fill('6')
  await sft.getByRole('spinbutton', { name: /^Evaluate every/ }).fill('3')
  await sft.getByRole('spinbutton', { name: /^Max length/ }).fill('64')
  await sft.getByRole('spinbutton', { name: /^Samples/ }).fill('2')
  await sft.getByRole('spinbutton', { name: /^Sample length/ }).fill('8')
  await page.screenshot({ path: 'tmp/policies-sft-dialog.png' })
  await sft.getByRole('button', { name: 'Start SFT' }).click()
  await expect(page).toHaveURL(/\/policies\/[a-z0-9]+$/)
  await expect(page.getByTestId('policy-name')).toHaveText(`sft ${tag}`)
  await waitForRunEnd(page, 'policy-status')
  expect(await points(page, 'sft-loss-chart')).toBeGreaterThanOrEqual(6)
  await expect(page.getByTestId('stat-ppl').locator('.v')).toHaveText(/^\d+\.\d$/)
  const sftSamples = page.getByTestId('samples')
  await expect(sftSamples.getByLabel('Sample step').locator('option')).toHaveText(['3', '6'])
  await expect(sftSamples.locator('tbody tr')).toHaveCount(2)
  await page.screenshot({ path: 'tmp/policies-sft-run.png', fullPage: true })

  // Contrastive PPO from that policy against the reward model: baselines first, then a few iterations.
  await page.getByRole('link', { name: '← Policies' }).click()
  await page.getByRole('button', { name: 'Run PPO' }).click()
  const ppo = page.getByRole('form', { name: 'Run PPO' })
  await ppo.getByLabel('Name').fill(`ppo ${tag}`)
  await expect(ppo.getByLabel('SFT policy', { exact: true })).toHaveValue(/.+/)
  await ppo.getByLabel('SFT policy', { exact: true }).selectOption({ label: `sft ${tag}` })
  const rm = await ppo.getByLabel('Reward model', { exact: true }).locator('option', { hasText: `rm for ppo ${tag}` }).getAttribute('value')
  await ppo.getByLabel('Reward model', { exact: true }).selectOption(rm!)
  await expect(ppo.getByLabel(/^Contrastive/)).toBeChecked()
  await ppo.getByLabel('Baseline samples per prompt (k)').fill('2')
  await ppo.getByLabel('Train prompts', { exact: true }).fill('16') // 4 iterations x 4 rollouts: baselines for those only
  await expect(ppo.getByTestId('prompt-split')).toHaveText(/^16 train \/ [1-9][\d,]* held-out prompts/)
  const main = ppo.getByTestId('ppo-main-fields')
  await main.getByRole('spinbutton', { name: /^Iterations/ }).fill('4')
  await main.getByRole('spinbutton', { name: /^Rollouts per iteration/ }).fill('4')
  await main.getByRole('spinbutton', { name: /^Response length/ }).fill('8')
  await ppo.getByText('More settings').click()
  await ppo.getByRole('spinbutton', { name: /^Evaluate every/ }).fill('2')
  await ppo.getByRole('spinbutton', { name: /^Held-out prompts sampled/ }).fill('2')
  await ppo.getByRole('spinbutton', { name: /^PPO epochs/ }).fill('1')
  await page.screenshot({ path: 'tmp/policies-ppo-dialog.png', fullPage: true })
  await ppo.getByRole('button', { name: 'Start PPO' }).click()
  await expect(page).toHaveURL(/\/policies\/[a-z0-9]+$/)
  await expect(page.getByTestId('reward-mode')).toHaveText('contrastive (k = 2)')
  await waitForRunEnd(page, 'policy-status', 2 * TRAINING)

  for (const chart of ['ppo-scores-chart', 'ppo-kl-chart', 'ppo-entropy-chart', 'ppo-clip-chart', 'ppo-loss-chart']) {
    expect(await points(page, chart), chart).toBeGreaterThanOrEqual(4)
  }
  await expect(page.getByTestId('ppo-time-split')).toContainText('generate rollouts')
  await expect(page.getByTestId('ppo-time-split').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('stat-eval-gain').locator('.v')).toHaveText(/^[+-]\d+\.\d{3}$/)
  const samples = page.getByTestId('samples')
  await expect(samples.getByLabel('Sample step').locator('option')).toHaveText([/^0 \(mean score/, /^2 \(mean score/, /^4 \(mean score/])
  await samples.getByLabel('Compare with step').selectOption('0')
  await expect(samples.locator('thead')).toContainText('At step 0')
  await expect(samples.locator('tbody tr')).toHaveCount(2)
  await expect(samples.locator('tbody tr').first()).toContainText(/score -?\d+\.\d{3}/)
  await page.screenshot({ path: 'tmp/policies-ppo-run.png', fullPage: true })

  // The list: both policies, and the baseline set used by the run.
  await page.getByRole('link', { name: '← Policies' }).click()
  await expect(page.getByTestId('sft-table')).toContainText(`sft ${tag}`)
  await expect(page.getByTestId('ppo-table').locator('tr', { hasText: `ppo ${tag}` })).toContainText('contrastive')
  await expect(page.getByTestId('baseline-table').locator('tr', { hasText: `ppo ${tag}` })).toContainText('succeeded')
  await page.screenshot({ path: 'tmp/policies-list.png', fullPage: true })

  // d-RLAIF: a judge on the fake endpoint with the admin's server key rates every rollout.
  const judgeName = `drlaif judge ${tag}`
  await page.getByRole('link', { name: 'Judges', exact: true }).click()
  await page.getByRole('button', { name: 'New judge' }).click()
  const nj = page.getByRole('form', { name: 'New judge' })
  await nj.getByLabel('Name', { exact: true }).fill(judgeName)
  await nj.getByLabel(/OpenAI-compatible endpoint/).check()
  await nj.getByLabel('Server key').selectOption('E2E_FAKE')
  await nj.getByLabel(/Base URL/).fill(process.env.E2E_FAKE_OPENAI_URL!)
  await nj.getByRole('textbox', { name: /^Model/ }).fill('fake-judge')
  await nj.getByLabel(/Requests per minute/).fill('60000')
  await nj.getByLabel(/USD per 1k prompt/).fill('0.5')
  await nj.getByRole('button', { name: 'Create judge' }).click()
  await expect(page.getByTestId('judge-name')).toHaveText(judgeName)
  await page.getByRole('link', { name: 'Policies', exact: true }).click()
  await page.getByRole('button', { name: 'Run PPO' }).click()
  const d = page.getByRole('form', { name: 'Run PPO' })
  await d.getByLabel('Name').fill(`ppo drlaif ${tag}`)
  await d.getByLabel('SFT policy', { exact: true }).selectOption({ label: `sft ${tag}` })
  await d.getByLabel(/^d-RLAIF/).check()
  await expect(d.getByLabel('Reward model', { exact: true })).toHaveValue('') // none: the value model starts from the policy
  const judgeSelect = d.getByLabel('AI judge', { exact: true })
  await judgeSelect.selectOption((await judgeSelect.locator('option', { hasText: judgeName }).getAttribute('value'))!)
  const dm = d.getByTestId('ppo-main-fields')
  await dm.getByRole('spinbutton', { name: /^Iterations/ }).fill('2')
  await dm.getByRole('spinbutton', { name: /^Rollouts per iteration/ }).fill('4')
  await dm.getByRole('spinbutton', { name: /^Response length/ }).fill('8')
  await d.getByText('More settings').click()
  await d.getByRole('spinbutton', { name: /^Evaluate every/ }).fill('2')
  await d.getByRole('spinbutton', { name: /^Held-out prompts sampled/ }).fill('2')
  await d.getByRole('spinbutton', { name: /^PPO epochs/ }).fill('1')
  await page.screenshot({ path: 'tmp/policies-drlaif-dialog.png', fullPage: true })
  await d.getByRole('button', { name: 'Start PPO' }).click()
  await expect(page).toHaveURL(/\/policies\/[a-z0-9]+$/)
  await expect(page.getByTestId('reward-mode')).toHaveText('d-RLAIF (AI judge rating)')
  await expect(page.getByTestId('policy-judge')).toHaveText(`${judgeName} (v1)`)
  await waitForRunEnd(page, 'policy-status', TRAINING)
  // 2 held-out samples at steps 0 and 2, 4 rollouts at each of the 2 iterations: 12 ratings, each a priced call.
  await expect(page.getByTestId('judge-cost')).toHaveText(/^\$\d+\.\d{4} · 12 ratings$/)
  expect(await points(page, 'ppo-scores-chart')).toBeGreaterThanOrEqual(2)
  expect(await page.content(), 'the judge key never reaches the page').not.toContain(process.env.E2E_FAKE_OPENAI_KEY!)
  await page.screenshot({ path: 'tmp/policies-drlaif-run.png', fullPage: true })
})

test('an annotator gets no policies tab and is refused on the page', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Policies', exact: true })).toHaveCount(0)
  await page.goto(`${page.url()}/policies`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('sft-table')).toHaveCount(0)
})
