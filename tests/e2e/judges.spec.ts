// AI judges end to end on the seeded demo project, with the real worker and the fake
// OpenAI-compatible endpoint that playwright.config.ts starts (it answers only with its API key):
// a researcher makes a judge (a local folder outside the model folders is refused with the server's
// reason first; the admin's server key is offered by name), runs
// it on a random sample of 20 pairs and follows the job, reads its dashboard, and replaces the key
// and edits the settings; the key is never in the page. The imported GPT-3.5 judge's dashboard shows
// PandaLM's 69.8 %. An annotator gets neither the tab nor the pages. Screenshots go to tmp/.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'

const FAKE_URL = process.env.E2E_FAKE_OPENAI_URL!
const FAKE_KEY = process.env.E2E_FAKE_OPENAI_KEY!
const RUN = 2 * 60_000

async function openJudges(page: Page) {
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
  await page.getByRole('link', { name: 'Judges', exact: true }).click()
  await expect(page).toHaveURL(/\/judges$/)
}

async function expectNoKeyInPage(page: Page) {
  expect(await page.content(), 'the API key must never reach the page').not.toContain(FAKE_KEY)
}

/** Fills the New judge dialog for the fake endpoint; a local folder that does not exist is refused first. */
async function createJudge(page: Page, name: string) {
  await page.getByRole('button', { name: 'New judge' }).click()
  const dialog = page.getByRole('form', { name: 'New judge' })
  await expect(dialog).toBeVisible()
  await dialog.getByLabel('Name', { exact: true }).fill(name)
  await page.screenshot({ path: 'tmp/judge-new-dialog-top.png' })
  await dialog.getByLabel(/Local ONNX folder/).check()
  await dialog.getByLabel(/Model folder/).fill('/etc/ssl')
  await dialog.getByRole('button', { name: 'Create judge' }).click()
  await expect(dialog.getByTestId('judge-form-error')).toContainText('is outside the model folders')

  await dialog.getByLabel(/OpenAI-compatible endpoint/).check()
  // The admin's server key is offered by name and origin (never its value); this judge stores its own.
  const serverKey = dialog.getByLabel('Server key')
  await expect(serverKey).toContainText(`E2E_FAKE · for ${new URL(FAKE_URL).origin}`)
  await serverKey.selectOption('E2E_FAKE')
  await expect(dialog.getByLabel(/API key/)).toHaveCount(0) // a judge has one key source
  await dialog.getByRole('group', { name: 'Provider' }).screenshot({ path: 'tmp/judge-new-dialog-server-key.png' })
  await serverKey.selectOption('')
  await dialog.getByLabel(/Base URL/).fill(FAKE_URL)
  await dialog.getByRole('textbox', { name: /^Model/ }).fill('fake-judge')
  await dialog.getByLabel(/Requests per minute/).fill('60000')
  await dialog.getByLabel(/Concurrency/).fill('2')
  await dialog.getByLabel(/USD per 1k prompt/).fill('0.5')
  await dialog.getByLabel(/API key/).fill(FAKE_KEY)
  await page.screenshot({ path: 'tmp/judge-new-dialog.png' })
  await dialog.getByRole('button', { name: 'Create judge' }).click()
  await expect(page).toHaveURL(/\/judges\/[a-z0-9]+$/)
  await expect(page.getByTestId('judge-name')).toHaveText(name)
}

test('a researcher makes a judge, runs it on a sample and reads its dashboard', async ({ page }) => {
  test.setTimeout(4 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openJudges(page)
  await expect(page.getByTestId('ai-raters')).toContainText('gpt-3.5-turbo')
  const name = `fake judge ${Date.now().toString(36)}`
  await createJudge(page, name)
  await expect(page.getByTestId('api-key-state')).toHaveText('key set')
  await expectNoKeyInPage(page)

  // A random sample of 20 pairs, followed live until the job ends.
  const run = page.getByRole('form', { name: 'Run judge' })
  await run.getByLabel('A random sample of').check()
  await run.getByLabel('Sample size').fill('20')
  await run.getByRole('button', { name: 'Start run' }).click()
  const panel = page.getByTestId('judge-job-panel')
  await expect(panel.getByRole('progressbar', { name: 'Job progress' })).toBeVisible()
  await expect(panel.getByTestId('job-status')).toHaveAttribute('data-status', /SUCCEEDED|FAILED|CANCELLED/, { timeout: RUN })
  const error = await panel.getByTestId('job-error').textContent({ timeout: 1000 }).catch(() => '')
  expect(await panel.getByTestId('job-status').getAttribute('data-status'), `the judge run ended with: ${error}`).toBe('SUCCEEDED')
  await expect(panel.getByRole('progressbar', { name: 'Job progress' })).toHaveAttribute('aria-valuenow', '100')
  await expect(panel.getByTestId('job-log')).toContainText('judged 20 of 20 pairs')
  const row = page.getByTestId('run-row').first()
  await expect(row.getByTestId('run-total')).toHaveText('20')
  await expect(row.getByTestId('run-done')).toHaveText('20')
  await expect(page.getByTestId('run-counters')).toContainText('20 done')
  await page.screenshot({ path: 'tmp/judge-run.png', fullPage: true })

  // The run's dashboard: alignment, confusion matrix, position bias (order swap is on), disagreements.
  await row.getByRole('link', { name: 'Dashboard →' }).click()
  await expect(page).toHaveURL(/\/judges\/dashboard\?rater=judge/)
  await expect(page.getByTestId('dashboard-rater')).toHaveText(`${name} (v1)`)
  await expect(page.getByTestId('stat-alignment').locator('.v')).toHaveText(/^\d+\.\d%$/)
  await expect(page.getByTestId('stat-answered').locator('.v')).toHaveText(/^\d+\.\d%$/)
  await expect(page.getByTestId('alignment-definition')).toContainText('counts as a disagreement')
  await expect(page.getByTestId('confusion').getByRole('img', { name: /Confusion matrix/ })).toBeVisible()
  await expect(page.getByTestId('bias-pairs')).toHaveText(/^[1-9]\d*$/)
  await expect(page.getByTestId('calibration').getByRole('img', { name: /Reliability/ })).toBeVisible()
  await expect(page.getByTestId('cost-total')).toHaveText(/^\$/)
  await expect(page.getByTestId('disagreements')).toBeVisible()
  // A random sample of 20 may agree everywhere; when it does not, a disagreement opens to the pair.
  if (await page.getByTestId('disagreement').count()) {
    await page.getByTestId('disagreement').first().locator('summary').click()
    await expect(page.getByTestId('disagreement').first().getByRole('region', { name: 'Response B' })).toBeVisible()
  }
  await page.screenshot({ path: 'tmp/judge-dashboard.png', fullPage: true })

  // Back on the judge: replace the key (cleared from the form at once), then change a setting.
  await page.getByRole('link', { name: 'Open this judge →' }).click()
  const key = page.getByRole('form', { name: 'API key' })
  await key.getByLabel('New API key').fill(FAKE_KEY)
  await key.getByRole('button', { name: 'Replace key' }).click()
  await expect(key.getByRole('status')).toHaveText(/Key saved/)
  await expect(key.getByLabel('New API key')).toHaveValue('')
  await expectNoKeyInPage(page)
  const settings = page.getByRole('form', { name: 'Judge settings' })
  // Another endpoint would take the stored key with it: the form says so before saving.
  await settings.getByLabel(/Base URL/).fill('https://api.example.com/v1')
  await expect(settings.getByTestId('key-removal-note')).toHaveText('Changing the endpoint removes the stored key; enter it again.')
  await settings.screenshot({ path: 'tmp/judge-endpoint-note.png' })
  await settings.getByLabel(/Base URL/).fill(FAKE_URL)
  await expect(settings.getByTestId('key-removal-note')).toHaveCount(0)
  await settings.getByLabel(/Tie band/).fill('0.05')
  await expect(settings.getByTestId('version-note')).toContainText('Saving makes version 2')
  await settings.getByRole('button', { name: 'Save settings' }).click()
  await expect(settings.getByTestId('settings-saved')).toContainText('now version 2')
  await expect(settings.getByTestId('judge-version')).toHaveText('version 2')
  await page.reload()
  await expect(page.getByTestId('judge-name')).toHaveText(name)
  await expect(page.getByTestId('judge-job-panel').getByTestId('job-status')).toHaveAttribute('data-status', 'SUCCEEDED')
  await expectNoKeyInPage(page)
  await page.screenshot({ path: 'tmp/judge-page.png', fullPage: true })

  await page.getByRole('link', { name: '← Judges' }).click()
  await expect(page.getByTestId('judges-table')).toContainText(name)
  await expect(page.getByTestId('judges-table')).toContainText('key set')
  await expectNoKeyInPage(page)
  await page.screenshot({ path: 'tmp/judges-list.png', fullPage: true })
})

test('the imported GPT-3.5 judge agrees with the PandaLM human majority on 69.8% of pairs', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openJudges(page)
  await page.getByTestId('ai-raters').getByRole('link', { name: 'Dashboard of gpt-3.5-turbo' }).click()
  await expect(page).toHaveURL(/\/judges\/dashboard\?rater=/)
  const alignment = page.getByTestId('stat-alignment')
  await expect(alignment.locator('.v')).toHaveText('69.8%')
  await expect(alignment).toContainText('697 / 999')
  await expect(page.getByTestId('stat-answered').locator('.v')).toHaveText('71.6%')
  await expect(page.getByTestId('needs-order-swap')).toBeVisible()
  await expect(page.getByTestId('confusion').getByRole('img', { name: /Confusion matrix/ })).toBeVisible()
  const first = page.getByTestId('disagreement').first()
  await first.locator('summary').click()
  await expect(first.getByRole('region', { name: 'Response A' })).toBeVisible()
  await expect(first).toContainText('human votes')
  await page.screenshot({ path: 'tmp/judge-dashboard-gpt35.png', fullPage: true })
})

test('an annotator gets no judges tab and is refused on the pages', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
  await expect(page.getByRole('link', { name: 'Judges', exact: true })).toHaveCount(0)
  const base = page.url()
  await page.goto(`${base}/judges`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await page.goto(`${base}/judges/dashboard?rater=judge:gpt-3.5-turbo`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('stat-alignment')).toHaveCount(0)
})
