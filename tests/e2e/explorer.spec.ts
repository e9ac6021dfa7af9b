// The data explorer and the annotator's history on the seeded demo project (PandaLM pairs carry
// three human labels and GPT-3.5's judge label): a researcher filters to human-vs-AI disagreements,
// opens a pair and marks it gold; an annotator labels a pair, then revises that label from History.
import { expect, test } from '@playwright/test'
import { DEMO, openProjectTab, signIn } from './helpers.ts'

test('a researcher filters the explorer to human-vs-AI disagreements and opens a pair', async ({ page }) => {
  await signIn(page, 'researcher@demo.rewardlab')
  await openProjectTab(page, 'Data')
  const rows = page.getByTestId('explorer-row')
  await expect(rows.first()).toBeVisible()
  await expect(rows).toHaveCount(50)

  await page.getByLabel('Human vs AI').selectOption('disagree')
  await expect(page).toHaveURL(/[?&]humanVsAi=disagree/)
  await expect(rows.first()).toBeVisible()
  // Every row on the page: a human majority and an AI majority, and they differ.
  for (const row of await rows.all()) {
    const human = await row.locator('td').nth(3).innerText()
    const ai = await row.locator('td').nth(5).innerText()
    expect(['A', 'B', 'tie']).toContain(human)
    expect(['A', 'B', 'tie']).toContain(ai)
    expect(human).not.toBe(ai)
  }
  await page.screenshot({ path: 'tmp/screenshots/explorer-disagreements.png', fullPage: true })

  // The filter survives a reload (it lives in the URL), and the next page is another set of pairs.
  await page.reload()
  await expect(page.getByLabel('Human vs AI')).toHaveValue('disagree')
  const firstPage = await rows.first().locator('td').first().innerText()
  if (await page.getByRole('button', { name: 'Next page' }).isEnabled()) {
    await page.getByRole('button', { name: 'Next page' }).click()
    await expect(page).toHaveURL(/[?&]after=/)
    await expect(rows.first().locator('td').first()).not.toHaveText(firstPage)
    await page.getByRole('button', { name: 'Previous page' }).click()
    await expect(rows.first().locator('td').first()).toHaveText(firstPage)
  }

  const human = await rows.first().locator('td').nth(3).innerText()
  await rows.first().locator('td').nth(1).getByRole('link').click()
  await expect(page).toHaveURL(/\/data\/pairs\/[a-z0-9]+$/)
  await expect(page.getByTestId('pair-title')).toContainText('Pair #')
  await expect(page.getByTestId('response-A')).toBeVisible()
  const labels = page.getByTestId('pair-labels')
  await expect(labels).toContainText('human')
  await expect(labels).toContainText('ai')
  await expect(labels).toContainText('gpt-3.5-turbo')
  await page.screenshot({ path: 'tmp/screenshots/explorer-pair.png', fullPage: true })

  // Gold with the human answer, then cleared again (the demo stays as seeded).
  const gold = human === 'tie' ? 'Gold: tie' : `Gold: ${human}`
  await page.getByRole('button', { name: gold, exact: true }).click()
  await expect(page.getByTestId('gold-status')).toContainText(`Gold: ${human}`)
  await page.getByRole('button', { name: 'Clear gold' }).click()
  await expect(page.getByTestId('gold-status')).toHaveText('Not a gold pair.')
})

test('an annotator revises a label from the history', async ({ page }) => {
  await signIn(page, 'annotator2@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await page.getByRole('link', { name: 'Annotate', exact: true }).click()
  await expect(page.locator('[data-testid="annotate"][data-ready="true"]')).toBeVisible()
  const before = Number((await page.getByTestId('mine-count').first().innerText()).replace(/\D/g, ''))
  for (const k of ['1', 'W', 'Enter']) await page.keyboard.press(k) // A is better, confidence 2
  await expect(page.getByTestId('mine-count').first()).toHaveText(String(before + 1))

  await page.getByRole('link', { name: 'History: your labels' }).click()
  await expect(page).toHaveURL(/\/annotate\/history$/)
  const item = page.getByTestId('history-item').first()
  await expect(item.getByTestId('history-choice')).toHaveText('A is better')
  await expect(item).toContainText('confidence 2')
  await item.getByRole('button', { name: 'Revise' }).click()
  const form = item.getByRole('form', { name: 'Revise label' })
  await form.getByLabel('Tie').check()
  await form.getByLabel('Confidence').selectOption('4')
  await form.getByLabel('Rationale').fill('Both answers are equally helpful')
  await page.screenshot({ path: 'tmp/screenshots/history-revise.png', fullPage: true })
  await form.getByRole('button', { name: 'Save revision' }).click()
  await expect(item.getByTestId('history-choice')).toHaveText('Tie')
  await expect(item).toContainText('confidence 4')
  await expect(item).toContainText('Both answers are equally helpful')

  // A flag for the researchers, then the Data tab stays closed to annotators.
  await item.getByRole('button', { name: 'Flag' }).click()
  await item.getByLabel('Reason').fill('The prompt is cut off')
  await item.getByRole('button', { name: 'Send flag' }).click()
  await expect(page.getByText('Flag sent to the researchers.')).toBeVisible()
  await page.screenshot({ path: 'tmp/screenshots/history-after.png', fullPage: true })
  const project = new URL(page.url()).pathname.replace(/\/annotate\/history$/, '')
  await page.goto(`${project}/data`)
  await expect(page.getByTestId('forbidden')).toBeVisible()
})
