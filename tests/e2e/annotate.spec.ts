// Labelling with the keyboard only, as the demo annotator on the seeded demo project: three labels
// (1 Enter, → Enter, 3 Enter), a reload mid-queue keeps the pair and the count, U undoes the last
// label with its answer filled in, typing a rationale never fires a shortcut, and F flags the pair
// (a reason dialog) without labelling or skipping it.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'


/** The page has hydrated: from here on the keys work. */
const ready = (page: Page) => expect(page.locator('[data-testid="annotate"][data-ready="true"]')).toBeVisible()
const pairId = (page: Page) => page.getByTestId('pair').getAttribute('data-pair-id')
const mine = async (page: Page) => Number((await page.getByTestId('mine-count').first().textContent())!.replace(/\D/g, ''))

/** Presses the keys, then waits for the next pair and the count to move by `delta`. */
async function label(page: Page, keys: string[], delta = 1) {
  const before = { pair: await pairId(page), count: await mine(page) }
  for (const k of keys) await page.keyboard.press(k)
  await expect(page.getByTestId('mine-count').first()).toHaveText(String(before.count + delta))
  await expect(page.getByTestId('pair')).not.toHaveAttribute('data-pair-id', before.pair!)
  return before
}

test('an annotator labels, reloads, skips and undoes with the keyboard only', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await page.getByRole('link', { name: 'Annotate', exact: true }).click()
  await expect(page).toHaveURL(/\/annotate$/)
  await ready(page)
  await expect(page.getByTestId('pair')).toBeVisible()
  await expect(page.getByTestId('pair').locator('.turn').first()).toBeVisible()
  await expect(page.getByTestId('response-A')).toBeVisible()
  await expect(page.getByTestId('response-B')).toBeVisible()
  await expect(page.getByRole('button', { name: /Guidelines/ })).toBeVisible()
  await page.screenshot({ path: 'tmp/screenshots/annotate-first.png', fullPage: true })
  const start = await mine(page)

  // Enter with no choice only asks for one.
  const first = await pairId(page)
  await page.keyboard.press('Enter')
  await expect(page.getByText('Choose first')).toBeVisible()
  expect(await pairId(page)).toBe(first)

  await label(page, ['1', 'Q', 'Enter'])
  await label(page, ['ArrowRight', 'Enter'])

  // Reload mid-queue: the same pair (the open lease) and the count survive.
  const held = await pairId(page)
  await page.reload()
  await ready(page)
  await expect(page.getByTestId('pair')).toHaveAttribute('data-pair-id', held!)
  expect(await mine(page)).toBe(start + 2)

  // A rationale: shortcut keys typed into it are text; Esc leaves it; then the keys work again.
  await page.keyboard.press('/')
  await page.keyboard.type('s u 1 2 short and safe')
  await expect(page.getByLabel('Rationale (optional)')).toHaveValue('s u 1 2 short and safe')
  expect(await pairId(page)).toBe(held)
  await page.keyboard.press('Escape')
  await page.keyboard.press('R')
  await expect(page.getByRole('radio', { name: /^Confidence 4/ })).toHaveAttribute('aria-checked', 'true')
  const third = await label(page, ['3', 'Enter'])
  await expect(page.getByTestId('notice')).toContainText('Saved')
  await page.screenshot({ path: 'tmp/screenshots/annotate-after-three.png' })

  // Undo: the third pair is back with its answer (tie, confidence 4, the rationale) and the count drops.
  await page.keyboard.press('U')
  await expect(page.getByTestId('pair')).toHaveAttribute('data-pair-id', third.pair!)
  await expect(page.getByTestId('mine-count').first()).toHaveText(String(start + 2))
  await expect(page.getByRole('radio', { name: 'Tie', exact: true })).toHaveAttribute('aria-checked', 'true')
  await expect(page.getByRole('radio', { name: /^Confidence 4/ })).toHaveAttribute('aria-checked', 'true')
  await expect(page.getByLabel('Rationale (optional)')).toHaveValue('s u 1 2 short and safe')
  await page.screenshot({ path: 'tmp/screenshots/annotate-undo.png' })

  // Relabel it as B: progress rises again.
  await label(page, ['2', 'Enter'])
  expect(await mine(page)).toBe(start + 3)

  // Skip: the pair changes, the count does not.
  const skipped = await pairId(page)
  await page.keyboard.press('S')
  await expect(page.getByTestId('pair')).not.toHaveAttribute('data-pair-id', skipped!)
  expect(await mine(page)).toBe(start + 3)

  // F flags the pair for a researcher: a reason dialog (keys typed there are text), Esc cancels it;
  // sending keeps the pair as the current item, unlabelled.
  const flagged = await pairId(page)
  const dialog = page.getByRole('form', { name: 'Flag this pair' })
  await page.keyboard.press('F')
  await expect(dialog.getByLabel('Reason')).toBeFocused()
  await page.keyboard.press('Escape')
  await expect(dialog).toBeHidden()
  await page.getByRole('button', { name: /^Flag/ }).click()
  await expect(dialog.getByLabel('Reason')).toBeFocused()
  await page.keyboard.type('s 1 both responses are cut off')
  await expect(dialog.getByLabel('Reason')).toHaveValue('s 1 both responses are cut off')
  await page.screenshot({ path: 'tmp/screenshots/annotate-flag.png' })
  await dialog.getByRole('button', { name: 'Send flag' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByTestId('notice')).toContainText('Flag sent to the researchers')
  expect(await pairId(page)).toBe(flagged)
  expect(await mine(page)).toBe(start + 3)
  await expect(page.locator('.keys-help')).toContainText('Flag this pair for a researcher')

  // The guidelines fold away with G and come back.
  await page.keyboard.press('G')
  await expect(page.getByRole('button', { name: /Guidelines/ })).toHaveAttribute('aria-expanded', 'false')
  await page.keyboard.press('G')
  await expect(page.getByRole('button', { name: /Guidelines/ })).toHaveAttribute('aria-expanded', 'true')
})

test('a second tab on the same lease gets the next pair instead of a second label', async ({ browser }) => {
  const context = await browser.newContext()
  const [one, two] = [await context.newPage(), await context.newPage()]
  await signIn(one, 'annotator2@demo.rewardlab')
  await one.getByRole('link', { name: DEMO }).click()
  await one.getByRole('link', { name: 'Annotate', exact: true }).click()
  await ready(one)
  await two.goto(one.url())
  await ready(two)
  const shared = await pairId(one)
  await expect(two.getByTestId('pair')).toHaveAttribute('data-pair-id', shared!)

  await label(one, ['1', 'Enter'])
  await two.keyboard.press('2')
  await two.keyboard.press('Enter')
  await expect(two.getByTestId('notice')).toContainText('already labelled')
  await expect(two.getByTestId('pair')).toHaveAttribute('data-pair-id', (await pairId(one))!)
  await context.close()
})
