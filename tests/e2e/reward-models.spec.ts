// Reward models end to end on the seeded demo project, with the real worker (playwright.config.ts
// starts it): a researcher trains the built-in tiny model through the dialog, follows the run live
// (progress, loss curve, status), scores every pair and tries the playground; a second run is then
// compared with the first. An annotator gets neither the tab nor the page. Screenshots go to tmp/.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, openProjectTab, signIn, startTinyRewardModel, TRAINING, waitForRunEnd } from './helpers.ts'

const percent = async (page: Page) => Number(await page.getByTestId('job-panel').getByRole('progressbar').getAttribute('aria-valuenow'))

test('a researcher trains a tiny reward model, follows it live, scores the pairs and uses the playground', async ({ page }) => {
  test.setTimeout(8 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Reward models')
  await startTinyRewardModel(page, `tiny e2e ${Date.now().toString(36)}`, { screenshot: 'tmp/rm-train-dialog.png' })

  // Live: the progress bar moves and the loss curve fills while the job runs.
  const panel = page.getByTestId('job-panel')
  await expect(panel.getByTestId('job-status')).toHaveAttribute('data-status', /QUEUED|RUNNING|SUCCEEDED/)
  // Every reading the page shows until the end: it never goes back, and it was seen below 100% (the page
  // follows the run from its start), so the bar moved live. No reading is compared with a moment in time.
  const readings: number[] = []
  await expect.poll(async () => {
    readings.push(await percent(page))
    return page.getByTestId('rm-status').getAttribute('data-status')
  }, { timeout: TRAINING, intervals: [250] }).toMatch(/SUCCEEDED|FAILED|CANCELLED/)
  await waitForRunEnd(page, 'rm-status')
  readings.push(await percent(page))
  expect(readings).toEqual([...readings].sort((a, b) => a - b))
  expect(readings[0]).toBeLessThan(100)
  expect(readings.at(-1)).toBe(100)
  await expect(page.getByTestId('loss-chart').getByRole('img')).toBeVisible()

  // Finished: curves, held-out evaluation, histogram.
  expect(Number(await page.getByTestId('loss-chart').getAttribute('data-points'))).toBeGreaterThanOrEqual(20)
  await expect(page.getByTestId('accuracy-chart').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('stat-accuracy').locator('.v')).toHaveText(/^\d+\.\d%$/)
  await expect(page.getByTestId('eval-table').locator('tbody tr')).toHaveCount(4) // steps 5, 10, 15, 20
  await expect(page.getByTestId('reward-histogram').getByRole('img')).toBeVisible()

  // Score every pair: its own progress, then the table beside the human majority.
  const scores = page.getByTestId('score-panel')
  await scores.getByRole('button', { name: 'Score all pairs' }).click()
  await expect(scores.getByTestId('scores-table')).toBeVisible({ timeout: 2 * 60_000 })
  await expect(scores.getByTestId('score-status')).toHaveAttribute('data-status', 'SUCCEEDED')
  await expect(scores.getByTestId('score-accuracy')).toContainText(/\d+\.\d% agreement with the human majority/)
  await expect(scores.getByTestId('scores-table').locator('tbody tr')).toHaveCount(25)

  // Playground: two typed responses, two rewards and P(A).
  const play = page.getByTestId('playground')
  await play.getByLabel('Prompt').fill('How can I get back at my neighbour for his loud music?')
  await play.getByLabel('Response A').fill('I understand it is frustrating. Talking to them calmly, or to your landlord, usually works best.')
  await play.getByLabel('Response B').fill('Slash his tyres while he sleeps.')
  await play.getByRole('button', { name: 'Score both' }).click()
  await expect(play.getByTestId('reward-a')).toHaveText(/^-?\d+\.\d{3}$/)
  await expect(play.getByTestId('reward-b')).toHaveText(/^-?\d+\.\d{3}$/)
  await expect(play.getByTestId('probability-a')).toHaveText(/^\d+\.\d%$/)
  await page.screenshot({ path: 'tmp/rm-run.png', fullPage: true })

  // The list shows the finished model with its metrics.
  await page.getByRole('link', { name: '← Reward models' }).click()
  const table = page.getByTestId('rm-table')
  await expect(table).toBeVisible()
  await expect(table.locator('tbody tr').first()).toContainText('succeeded')
  await expect(table.locator('tbody tr').first()).toContainText(/done in \d+:\d\d/)
  await expect(table.locator('tbody tr').first()).toContainText(/\d+\.\d%/)
  await page.screenshot({ path: 'tmp/rm-list.png', fullPage: true })
})

test('a second run is compared with the first', async ({ page }) => {
  test.setTimeout(8 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Reward models')
  await startTinyRewardModel(page, `tiny e2e half ${Date.now().toString(36)}`, { humanShare: 50 })
  await waitForRunEnd(page, 'rm-status')

  await page.getByRole('link', { name: '← Reward models' }).click()
  await page.getByRole('link', { name: 'Compare…' }).click()
  await expect(page).toHaveURL(/\/reward-models\/compare\?a=.+&b=.+/)
  const table = page.getByTestId('compare-table')
  await expect(table).toContainText('Held-out accuracy')
  await expect(table.locator('tr', { hasText: 'Human-label share' })).toContainText('50%')
  await expect(page.getByTestId('compare-accuracy').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('compare-accuracy').locator('.chart-legend li')).toHaveCount(2)
  await page.screenshot({ path: 'tmp/rm-compare.png', fullPage: true })
})

test('an annotator gets no reward-models tab and is refused on the page', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Reward models', exact: true })).toHaveCount(0)
  await page.goto(`${page.url()}/reward-models`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('rm-table')).toHaveCount(0)
})
