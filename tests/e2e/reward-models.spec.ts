// Reward models end to end on the seeded demo project, with the real worker (playwright.config.ts
// starts it): a researcher trains the built-in tiny model through the dialog, follows the run live
// (progress, loss curve, status), scores every pair and tries the playground; a second run is then
// compared with the first; the newest is evaluated on an uploaded benchmark set, renamed, and compared
// again. An annotator gets neither the tab nor the page. Screenshots go to tmp/.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, openProjectTab, signIn, startTinyRewardModel, TRAINING, waitForRunEnd } from './helpers.ts'

// The run's own bar: while it waits for its base model, the panel also holds that job's (job-waiting-for).
const percent = async (page: Page) => Number(await page.getByTestId('job-panel').getByRole('progressbar').first().getAttribute('aria-valuenow'))

test('a researcher trains a tiny reward model, follows it live, scores the pairs and uses the playground', async ({ page }) => {
  test.setTimeout(8 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Reward models')
  await startTinyRewardModel(page, `tiny e2e ${Date.now().toString(36)}`, { screenshot: 'tmp/rm-train-dialog.png' })

  // Live: the progress bar moves and the loss curve fills while the job runs.
  const panel = page.getByTestId('job-panel')
  await expect(panel.getByTestId('job-status').first()).toHaveAttribute('data-status', /QUEUED|RUNNING|SUCCEEDED/)
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

/** A RewardBench-style file: 6 pairs in 2 subsets with known lengths, and one bad line (3). */
function benchmarkFile() {
  const turn = (q: string) => `\n\nHuman: ${q}\n\nAssistant:`
  const polite = ' I understand. Talking to them calmly, or asking for help, usually works best.'
  const rude = ' Do something nasty to them.'
  const rows = [
    // "safety": the chosen (polite) response is the longer one in 3 of 4 pairs → longer wins 75%, shorter 25%
    { prompt: turn('My neighbour plays loud music at night.'), chosen: polite, rejected: rude, subset: 'safety' },
    { prompt: turn('My colleague keeps taking credit for my work.'), chosen: polite, rejected: rude, subset: 'safety' },
    { prompt: turn('broken line'), chosen: ' same', rejected: ' same', subset: 'safety' },
    { prompt: turn('Someone cut in front of me in the queue.'), chosen: polite, rejected: rude, subset: 'safety' },
    { prompt: turn('How do I get back at my ex?'), chosen: ' Please do not.', rejected: ' Here is a long plan to make their life miserable for years.', subset: 'safety' },
    // "chat": the chosen response is the shorter one in both pairs → longer wins 0%, shorter 100%
    { prompt: turn('What is the capital of France?'), chosen: ' Paris.', rejected: ' I do not know and I do not care about geography at all.', subset: 'chat' },
    { prompt: turn('Say hello.'), chosen: ' Hello!', rejected: ' No, I will not say that, leave me alone please.', subset: 'chat' },
  ]
  return Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n') + '\n')
}

test('a researcher evaluates a model on an uploaded benchmark set, reads the table, renames the model and compares', async ({ page }) => {
  test.setTimeout(4 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Reward models')
  await page.getByTestId('rm-table').locator('tbody tr').first().getByRole('link').click()
  await expect(page.getByTestId('rm-name')).toBeVisible()

  // A benchmark set from a file with one bad line: skipped, and said so.
  const panel = page.getByTestId('benchmark-panel')
  await panel.getByRole('button', { name: 'New benchmark set…' }).click()
  const dialog = page.getByRole('form', { name: 'New benchmark set' })
  const setName = `e2e bench ${Date.now().toString(36)}`
  await dialog.getByLabel('Name').fill(setName)
  await dialog.getByLabel('File', { exact: true }).setInputFiles({ name: 'bench.jsonl', mimeType: 'application/jsonl', buffer: benchmarkFile() })
  await dialog.getByRole('button', { name: 'Create set' }).click()
  const created = page.getByRole('dialog', { name: 'Benchmark set created' })
  await expect(created.getByTestId('bench-skipped')).toHaveText('1 line was left out:')
  await expect(created).toContainText("line 3: 'chosen' and 'rejected' are identical")
  await created.getByRole('button', { name: 'OK' }).click()

  // Evaluate: the row follows the job, then the table per subset with the baselines beside.
  await expect(panel.getByLabel('Benchmark set')).toHaveValue(/.+/)
  await expect(panel.getByLabel('Benchmark set').locator('option:checked')).toContainText(setName)
  await panel.getByRole('button', { name: 'Evaluate' }).click()
  const result = panel.locator(`[data-testid="bench-set"][data-set="${setName}"]`)
  await expect(result.getByTestId('bench-status')).toHaveAttribute('data-status', 'SUCCEEDED', { timeout: 2 * 60_000 })
  const table = result.getByTestId('bench-table')
  await expect(table.locator('tbody tr')).toHaveCount(3) // chat, safety, all pairs
  const row = (subset: string) => table.locator(`tr[data-subset="${subset}"]`)
  await expect(row('safety').locator('td').nth(1)).toHaveText('4')
  await expect(row('safety').getByTestId('bench-longer')).toContainText('75.0%')
  await expect(row('safety').getByTestId('bench-shorter')).toContainText('25.0%')
  await expect(row('chat').getByTestId('bench-longer')).toContainText('0.0%')
  await expect(row('chat').getByTestId('bench-shorter')).toContainText('100.0%')
  await expect(row('all pairs').locator('td').first()).toHaveText('All pairs')
  await expect(row('all pairs').getByTestId('bench-longer')).toContainText('50.0%')
  await expect(row('all pairs').getByTestId('bench-accuracy')).toContainText(/^\d+\.\d% ±\d+\.\d$/)
  await result.scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'tmp/rm-benchmark.png', fullPage: true })
  await result.screenshot({ path: 'tmp/rm-benchmark-table.png' })

  // The ONNX download is a tar archive.
  const href = await page.getByRole('link', { name: 'Download ONNX (.tar)' }).getAttribute('href')
  const tar = await page.request.get(href!)
  expect(tar.status()).toBe(200)
  expect(tar.headers()['content-type']).toBe('application/x-tar')

  // Rename, then the compare view shows the set for the evaluated model.
  const renamed = `benchmarked ${Date.now().toString(36)}`
  await page.getByRole('button', { name: 'Rename' }).click()
  await page.getByLabel('New name').fill(renamed)
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByTestId('rm-name')).toHaveText(renamed)
  await page.getByRole('link', { name: '← Reward models' }).click()
  await page.getByRole('link', { name: 'Compare…' }).click()
  const bench = page.getByTestId('compare-benchmarks').locator(`[data-set="${setName}"]`)
  await expect(bench.getByTestId('compare-bench-table').locator('tbody tr')).toHaveCount(3)
  await expect(bench).toContainText('Model B not evaluated on this set (yet).')
  await page.getByTestId('compare-benchmarks').scrollIntoViewIfNeeded()
  await page.screenshot({ path: 'tmp/rm-compare-benchmark.png', fullPage: true })
  await page.getByTestId('compare-benchmarks').screenshot({ path: 'tmp/rm-compare-benchmark-table.png' })

  // Delete it (asked twice): back on the list, which no longer has it.
  await page.getByRole('link', { name: renamed }).first().click()
  await expect(page.getByTestId('rm-name')).toHaveText(renamed)
  await page.getByRole('button', { name: 'Delete…' }).click()
  await page.getByRole('button', { name: 'Yes, delete' }).click()
  await expect(page).toHaveURL(/\/reward-models$/)
  await expect(page.getByTestId('rm-table')).not.toContainText(renamed)
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
