// SFT on an uploaded prompt/response file through the dialog, with the real worker: a bad file is
// refused with its line number, a good one is stored, picked, trained on (tiny model, two steps) and
// named on the run's page. Screenshots go to tmp/.
import { expect, test } from '@playwright/test'
import { openProjectTab, signIn, waitForRunEnd } from './helpers.ts'

test('a researcher uploads an SFT file: a bad one is refused with its line, a good one is picked and named on the run', async ({ page }) => {
  test.setTimeout(8 * 60_000)
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'researcher@demo.rewardlab')
  const tag = Date.now().toString(36)
  await openProjectTab(page, 'Policies')
  await page.getByRole('button', { name: 'Train SFT policy' }).click()
  const sft = page.getByRole('form', { name: 'Train SFT policy' })
  await sft.getByLabel(/^An uploaded file/).check()
  const row = (i: number) => JSON.stringify({ prompt: `\n\nHuman: question ${i} ${tag}?\n\nAssistant:`, response: ` Answer ${i}.` })
  const file = (name: string, text: string) => ({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
  await sft.getByTestId('sft-upload-file').setInputFiles(file('bad.jsonl', `${row(1)}\n{"prompt": "only a prompt"}\n`))
  await expect(sft.getByTestId('sft-upload-error')).toHaveText("1 invalid line, so nothing was stored: line 2: field 'response' is missing")
  const good = Array.from({ length: 12 }, (_, i) => row(i)).join('\n')
  await sft.getByTestId('sft-upload-file').setInputFiles(file(`good-${tag}.jsonl`, good))
  await expect(sft.getByTestId('sft-upload-ok')).toHaveText(`Stored good-${tag}.jsonl: 12 examples`)
  await expect(sft.getByLabel('Uploaded file', { exact: true })).toHaveValue(/.+/) // the new file is picked
  await expect(sft.getByTestId('prompt-split')).toHaveText("about 1 of the file's 12 prompts held out, split by prompt") // 10% of 12
  await sft.getByLabel('Name').fill(`sft upload ${tag}`)
  await sft.getByLabel(/Built-in tiny/).check()
  await sft.getByText('Advanced: SFT settings').click()
  await sft.getByRole('spinbutton', { name: /^Max steps/ }).fill('2')
  await sft.getByRole('spinbutton', { name: /^Max length/ }).fill('64')
  await sft.getByRole('spinbutton', { name: /^Sample length/ }).fill('8')
  await page.screenshot({ path: 'tmp/policies-sft-upload-dialog.png' })
  await sft.getByRole('button', { name: 'Start SFT' }).click()
  await expect(page.getByTestId('policy-name')).toHaveText(`sft upload ${tag}`)
  await expect(page.getByTestId('sft-source')).toHaveText(`the uploaded file good-${tag}.jsonl (12 examples, 12 prompts)`)
  await waitForRunEnd(page, 'policy-status')
  await page.screenshot({ path: 'tmp/policies-sft-upload-run.png', fullPage: true })
})
