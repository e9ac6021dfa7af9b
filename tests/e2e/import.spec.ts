// Import from the browser: a researcher uploads a JSONL file with two bad lines in "skip invalid"
// mode on the demo project's Data tab, watches the progress finish, sees the bad lines listed with
// their numbers and reasons (and a line whose NUL was removed as a warning), and sees the project's
// pair count rise by the valid lines.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'


/** 12 lines of {prompt, chosen, rejected}; line 4 is not JSON, line 9 has no 'rejected', line 6 holds a NUL (\u0000). */
function jsonlWithTwoBadLines(tag: string): Buffer {
  const lines = Array.from({ length: 12 }, (_, i) =>
    JSON.stringify({ prompt: `[${tag}] How do I keep basil alive, take ${i + 1}?`, chosen: `Water it when the soil is dry (${i + 1}).`, rejected: `Never water it (${i + 1}).` }))
  lines[3] = '{"prompt": "cut off'
  lines[8] = JSON.stringify({ prompt: `[${tag}] missing`, chosen: 'only one answer' })
  lines[5] = lines[5].replace('dry', 'dry\\u0000')
  return Buffer.from(lines.join('\n') + '\n')
}

const pairCount = async (page: Page) => Number((await page.getByTestId('pair-count').innerText()).replace(/[^0-9]/g, ''))

test('a researcher imports a file with two bad lines in skip-invalid mode', async ({ page }) => {
  await signIn(page, 'researcher@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await page.getByRole('link', { name: 'Data', exact: true }).click()
  await expect(page).toHaveURL(/\/projects\/[^/]+\/data$/)
  await page.getByRole('link', { name: 'Imports and exports' }).click()
  await expect(page).toHaveURL(/\/projects\/[^/]+\/data\/imports$/)
  await expect(page.getByTestId('pair-count')).not.toHaveText('…')
  const before = await pairCount(page)

  await page.getByTestId('import-file').setInputFiles({ name: 'basil.jsonl', mimeType: 'application/jsonl', buffer: jsonlWithTwoBadLines(`e2e-${Date.now()}`) })
  await expect(page.getByTestId('format-detected')).toContainText('prompt, chosen, rejected')
  await expect(page.getByTestId('import-format')).toHaveValue('JSONL_PAIRS')
  await expect(page.getByTestId('mode-SKIP_INVALID')).toBeChecked()
  await page.getByTestId('import-submit').click()

  const result = page.getByTestId('import-result')
  await expect(result).toBeVisible({ timeout: 30_000 })
  await expect(result).toContainText('succeeded')
  await expect(result.getByTestId('import-counts')).toContainText('10 new pairs')
  await expect(result.getByTestId('import-counts')).toContainText('2 invalid lines')
  const rows = result.getByTestId('import-errors').locator('tbody tr')
  await expect(rows).toHaveCount(2)
  await expect(rows.nth(0).locator('td').first()).toHaveText('4')
  await expect(rows.nth(1).locator('td').first()).toHaveText('9')
  await expect(rows.nth(1)).toContainText('rejected')
  await expect(result.getByTestId('import-counts')).toContainText('1 warning')
  const warnings = result.getByTestId('import-warnings').locator('tbody tr')
  await expect(warnings).toHaveCount(1)
  await expect(warnings.first().locator('td').first()).toHaveText('6')
  await expect(warnings.first()).toContainText('NUL character')

  await expect.poll(() => pairCount(page)).toBe(before + 10)
  await expect(page.getByTestId('import-history')).toContainText('basil.jsonl')
  await page.screenshot({ path: 'tmp/screenshots/data-import.png', fullPage: true })

  // The export link streams TRL JSONL (human majority, agreement ≥ 0.5) with a file name.
  const res = await page.request.get((await page.getByTestId('export-download').getAttribute('href'))!)
  expect(res.status()).toBe(200)
  expect(res.headers()['content-type']).toContain('application/x-ndjson')
  expect(res.headers()['content-disposition']).toMatch(/attachment; filename=".+-trl-human-min0\.5\.jsonl"/)
  const records = (await res.text()).split('\n').filter(Boolean).map((l) => JSON.parse(l))
  expect(records.length).toBeGreaterThan(1000)
  expect(Object.keys(records[0])).toEqual(['prompt', 'chosen', 'rejected'])
})

test('an annotator is refused the Data tab', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page).toHaveURL(/\/projects\/[^/]+$/)
  await expect(page.getByRole('link', { name: 'Data', exact: true })).toHaveCount(0)
  const project = new URL(page.url()).pathname
  await page.goto(`${project}/data`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  const res = await page.request.get(`/api${project}/export?kind=full`)
  expect(res.status()).toBe(403)
  expect((await res.json()).error).toMatch(/researcher or admin/)
  const upload = await page.request.post(`/api${project}/imports?format=JSONL_PAIRS&mode=SKIP_INVALID&filename=x.jsonl`, { data: '{}' })
  expect(upload.status()).toBe(403)
})
