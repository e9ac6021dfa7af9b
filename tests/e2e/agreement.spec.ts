// The agreement dashboard on the seeded demo project (PandaLM test set: three human labels per pair
// plus GPT-3.5 judge labels): a researcher sees the coefficients, the charts and the judge table;
// an annotator is refused. Screenshots go to tmp/ for a person to look at.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'


async function openDemo(page: Page) {
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page.getByRole('heading', { level: 1, name: DEMO })).toBeVisible()
}

test('a researcher reads the agreement dashboard of the demo project', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  await openDemo(page)
  await page.getByRole('link', { name: 'Agreement', exact: true }).click()
  await expect(page).toHaveURL(/\/agreement$/)

  const fleiss = page.getByTestId('stat-fleiss')
  await expect(fleiss.locator('.v')).toHaveText(/^0\.\d\d$/)
  await expect(fleiss).toContainText('almost perfect')
  await expect(page.getByTestId('stat-alpha').locator('.v')).toHaveText(/^0\.\d\d$/)
  // The three PandaLM annotators form a 3 × 3 heatmap of κ values.
  const heatmap = page.getByTestId('cohen-heatmap')
  await expect(heatmap.getByRole('img', { name: /Cohen's kappa per annotator pair/ })).toBeVisible()
  await expect(heatmap.locator('text.chart-cell-text').filter({ hasText: /^0\.\d\d$/ })).toHaveCount(6)
  await expect(page.getByTestId('majority-bars').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('label-shares').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('item-agreement').getByRole('img')).toBeVisible()
  await expect(page.getByTestId('judge-table')).toContainText('gpt-3.5-turbo')
  await expect(page.getByTestId('judge-table')).toContainText(/\d\d\.\d%/)
  await page.screenshot({ path: 'tmp/agreement-dashboard.png', fullPage: true })

  // AI judges as the raters: one judge alone has nobody to agree with.
  await page.getByTestId('agreement-source').selectOption('AI')
  await expect(page.getByTestId('agreement-too-little')).toBeVisible()
  await expect(page.getByTestId('judge-table')).toContainText('gpt-3.5-turbo')
  await expect(page.getByTestId('stat-fleiss').locator('.v')).toHaveText('—')
  await page.screenshot({ path: 'tmp/agreement-ai-source.png', fullPage: true })
})

test('an annotator gets no agreement tab and is refused on the page', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await openDemo(page)
  await expect(page.getByRole('link', { name: 'Agreement', exact: true })).toHaveCount(0)
  await page.goto(`${page.url()}/agreement`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('cohen-heatmap')).toHaveCount(0)
})
