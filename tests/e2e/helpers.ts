// Shared steps of the end-to-end specs: the seeded demo accounts, signing in, opening a tab of the
// demo project, training a quick tiny reward model through its dialog and waiting for a run to end.
import { expect, type Page } from '@playwright/test'

export const DEMO = 'Demo: harmlessness and instruction following'
export const DEMO_PASSWORD = 'rewardlab-demo'

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/signin')
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page).toHaveURL(/\/projects$/)
}

/** How long a tiny training run may take on a busy CI machine (the first one pretrains the tiny base). */
export const TRAINING = 5 * 60_000

/** From the projects list: the demo project, then one of its tabs. */
export async function openProjectTab(page: Page, tab: string) {
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
  await page.getByRole('link', { name: tab, exact: true }).click()
  await expect(page).toHaveURL(new RegExp(`/${tab.toLowerCase().replace(/ /g, '-')}$`))
}

/** Fills the Train reward model dialog for a quick tiny run and starts it; resolves on the run page. */
export async function startTinyRewardModel(page: Page, name: string, opts: { humanShare?: number; screenshot?: string } = {}) {
  await page.getByRole('button', { name: 'Train reward model' }).click()
  const dialog = page.getByRole('form', { name: 'Train reward model' })
  await expect(dialog).toBeVisible()
  await expect(dialog.getByTestId('label-count-HUMAN')).toHaveText(/^\([1-9][\d,]* labels\)$/)
  await dialog.getByLabel('Name').fill(name)
  await dialog.getByLabel(/Built-in tiny/).check()
  if (opts.humanShare) await dialog.getByLabel('Human-label share (%)').fill(String(opts.humanShare))
  await dialog.getByText('Advanced: trainer hyperparameters').click()
  await dialog.getByLabel('Max steps').fill('20')
  await dialog.getByLabel('Max length').fill('64')
  await dialog.getByLabel('Evaluate every').fill('5')
  if (opts.screenshot) await page.screenshot({ path: opts.screenshot })
  await dialog.getByRole('button', { name: 'Start training' }).click()
  await expect(page).toHaveURL(/\/reward-models\/[a-z0-9]+$/)
  await expect(page.getByTestId('rm-name')).toHaveText(name)
}

/** Waits for the run whose status badge is `testId` to end; a failed run fails the test at once, with the job's error. */
export async function waitForRunEnd(page: Page, testId: string, timeout = TRAINING) {
  const status = page.getByTestId(testId)
  await expect(status).toHaveAttribute('data-status', /SUCCEEDED|FAILED|CANCELLED/, { timeout })
  const error = await page.getByTestId('job-error').textContent({ timeout: 1000 }).catch(() => '')
  expect(await status.getAttribute('data-status'), `the job ended with: ${error}`).toBe('SUCCEEDED')
}
