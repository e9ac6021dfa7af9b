// A job chain and why jobs stop, as a researcher sees them: a reward model on the built-in small GPT
// waits for its base model's pretraining (chained, no worker held); its page shows that job live with
// its log. Cancelling the pretraining ends the waiting run with the reason, in words (not "cancelled").
import { expect, test } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'

test('a run waiting for its base model shows that job live; cancelling it fails the run with the reason', async ({ page }) => {
  test.setTimeout(3 * 60_000)
  await page.setViewportSize({ width: 1280, height: 1000 })
  await signIn(page, 'researcher@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await page.getByRole('link', { name: 'Reward models', exact: true }).click()
  await page.getByRole('button', { name: 'Train reward model' }).click()
  const dialog = page.getByRole('form', { name: 'Train reward model' })
  await dialog.getByLabel('Name').fill(`waits for small ${Date.now().toString(36)}`)
  await expect(dialog.getByLabel(/Built-in small/)).toBeChecked()
  await dialog.getByRole('button', { name: 'Start training' }).click()
  await expect(page).toHaveURL(/\/reward-models\/[a-z0-9]+$/)

  // The run is queued behind the pretraining job, which the page follows with its own panel and log.
  // The run's own panel holds the waiting job's panel: its own status and phase come first.
  const run = page.getByTestId('job-panel').first()
  const runStatus = run.getByTestId('job-status').first()
  await expect(runStatus).toHaveAttribute('data-status', 'QUEUED')
  await expect(run.getByTestId('job-phase').first()).toHaveText('waiting for the base model to finish pretraining')
  const waiting = page.getByTestId('job-waiting-for')
  await expect(waiting.getByRole('heading', { name: 'Waiting for pretraining the base model' })).toBeVisible()
  await expect(waiting.getByTestId('job-status')).toHaveAttribute('data-status', /QUEUED|RUNNING/)
  await expect(waiting.getByTestId('job-log')).toContainText(/pretrain/, { timeout: 60_000 })
  await page.screenshot({ path: 'tmp/job-waiting-for-base-model.png', fullPage: true })

  // Cancel the pretraining: the waiting run ends FAILED, saying why, and it was not a user cancelling it.
  await waiting.getByRole('button', { name: 'Cancel job' }).click()
  await waiting.getByRole('button', { name: 'Yes, cancel' }).click()
  await expect(runStatus).toHaveAttribute('data-status', 'FAILED', { timeout: 60_000 })
  await expect(run.getByTestId('job-stop-reason')).toHaveAttribute('data-reason', 'DEPENDENCY_FAILED')
  await expect(run.getByTestId('job-stop-reason')).toHaveText('The job it waited for did not succeed.')
  await expect(run.getByTestId('job-error')).toHaveText('The job this one waited for could not finish (it was cancelled)')
  await page.screenshot({ path: 'tmp/job-dependency-failed.png', fullPage: true })
})
