// Self-evolution end to end on the seeded demo project, with the real worker: a researcher starts an
// SER run through its dialog (a tiny seed on 15% of the human labels, thresholds loose enough that the
// tiny model selects pairs), round 1 proposes a batch; an annotator's next items are the spot-check,
// served like any other pair; the researcher sees the batch read-only; an admin approves it, and the
// next round's reward model trains. Screenshots go to tmp/.
import { expect, test, type Browser, type Page } from '@playwright/test'
import { DEMO, openProjectTab, signIn, TRAINING } from './helpers.ts'

async function signedIn(browser: Browser, email: string): Promise<Page> {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage()
  await signIn(page, email)
  return page
}

test('a researcher starts an SER run, an annotator does the spot-check, an admin approves, the next round trains', async ({ browser }) => {
  test.setTimeout(14 * 60_000)
  const researcher = await signedIn(browser, 'researcher@demo.rewardlab')
  const name = `ser ${Date.now().toString(36)}`
  await openProjectTab(researcher, 'Self-evolution')
  await researcher.getByRole('button', { name: 'Start SER run' }).click()
  const dialog = researcher.getByRole('form', { name: 'Start SER run' })
  await dialog.getByLabel('Name').fill(name)
  await expect(dialog.getByLabel('Human-label share (%)')).toHaveValue('15')
  await expect(dialog.getByRole('spinbutton', { name: /^τ_low/ })).toHaveValue('0.45')
  await dialog.getByRole('spinbutton', { name: /^τ_Δ/ }).fill('0.01')
  await dialog.getByRole('checkbox', { name: /Status 1/ }).uncheck()
  await dialog.getByLabel('Spot-check (% of a batch)').fill('0')
  await dialog.getByLabel('Spot-check at least (pairs)').fill('2')
  await dialog.getByLabel(/Built-in tiny/).check()
  await dialog.getByText('Advanced: trainer hyperparameters').click()
  await dialog.getByLabel('Max steps').fill('20')
  await dialog.getByLabel('Max length').fill('64')
  await dialog.getByLabel('Evaluate every').fill('5')
  await researcher.screenshot({ path: 'tmp/ser-dialog.png', fullPage: true })
  await dialog.getByRole('button', { name: 'Start run' }).click()
  await expect(researcher).toHaveURL(/\/self-evolution\/[a-z0-9]+$/)
  await expect(researcher.getByRole('heading', { level: 1, name })).toBeVisible()
  const runUrl = researcher.url()

  // Seed and reference train, then round 1 scores the pool and proposes its batch.
  const batchLink = researcher.getByTestId('ser-batch-1')
  await expect(batchLink).toHaveText(/^[\d,]+ pairs · awaiting review$/, { timeout: 2 * TRAINING })
  await expect(researcher.getByTestId('ser-round-1')).toContainText('status 2')
  await researcher.screenshot({ path: 'tmp/ser-run-round1.png', fullPage: true })
  await batchLink.click()
  await expect(researcher.getByTestId('batch-status')).toHaveText('awaiting review')
  await expect(researcher.getByTestId('read-only')).toBeVisible() // researchers cannot decide
  await expect(researcher.getByRole('button', { name: 'Approve batch' })).toHaveCount(0)
  const batchUrl = researcher.url()

  // The spot-check reaches the annotator first, as two ordinary-looking items.
  const annotator = await signedIn(browser, 'annotator3@demo.rewardlab')
  await annotator.getByRole('link', { name: DEMO }).click()
  await annotator.getByRole('link', { name: 'Annotate', exact: true }).click()
  await expect(annotator.locator('[data-testid="annotate"][data-ready="true"]')).toBeVisible()
  await expect(annotator.getByText(/self-label|spot-check/i)).toHaveCount(0)
  for (let i = 0; i < 2; i++) {
    const before = await annotator.getByTestId('pair').getAttribute('data-pair-id')
    await annotator.keyboard.press('1')
    await annotator.keyboard.press('Enter')
    await expect(annotator.getByTestId('pair')).not.toHaveAttribute('data-pair-id', before!)
  }

  // The admin reads the agreement and approves; the next round's reward model trains.
  const admin = await signedIn(browser, 'admin@demo.rewardlab')
  await admin.goto(batchUrl)
  const card = admin.getByTestId('spot-check-card')
  await expect(card.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100')
  await expect(admin.getByTestId('spot-check-agreement')).toHaveText(/^\d+\.\d% ±\d+\.\d$/)
  await expect(admin.getByTestId('ser-histograms')).toBeVisible()
  await admin.getByLabel('Reason').fill('spot-check looks right')
  await admin.screenshot({ path: 'tmp/ser-batch-review.png', fullPage: true })
  await admin.getByRole('button', { name: 'Approve batch' }).click()
  await expect(admin.getByTestId('batch-status')).toHaveText('approved')
  await expect(admin.getByTestId('batch-decision')).toContainText('Approved by Ada Admin')

  await researcher.goto(runUrl)
  const round2 = researcher.getByTestId('ser-round-2')
  await expect(round2).toBeVisible()
  await expect(round2.getByRole('link', { name: `${name} · round 2` })).toBeVisible()
  // Round 2 scores once its model is trained: a pool size appears (or the stop rule ends the run).
  await expect(round2.locator('td').nth(3)).toHaveText(/^[\d,]+$/, { timeout: 2 * TRAINING })
  await researcher.screenshot({ path: 'tmp/ser-run-round2.png', fullPage: true })
})

test('an annotator gets no self-evolution tab and is refused on the page', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('link', { name: 'Self-evolution' })).toHaveCount(0)
  const url = page.url()
  await page.goto(`${url}/self-evolution`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
})
