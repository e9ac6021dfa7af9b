// Ending sessions at once, in the browser (issue 8, item 10): the pages (Auth.js's `auth()` path)
// refuse an ended session just as the API does. Signing out on one device ends the others; an
// admin's password reset ends the user's open sessions.
import { expect, test, type Browser } from '@playwright/test'
import { signIn } from './helpers.ts'

async function signedInPage(browser: Browser, email: string) {
  const page = await (await browser.newContext()).newPage()
  await signIn(page, email)
  return page
}

test('signing out ends the session on every device', async ({ browser }) => {
  const [laptop, desktop] = [await signedInPage(browser, 'annotator2@demo.rewardlab'), await signedInPage(browser, 'annotator2@demo.rewardlab')]
  await desktop.reload()
  await expect(desktop.getByTestId('whoami')).toBeVisible()
  await laptop.getByRole('button', { name: 'Sign out (all devices)' }).click()
  await expect(laptop).toHaveURL(/\/signin/)
  await desktop.reload()
  await expect(desktop).toHaveURL(/\/signin/)
  await expect(desktop.getByTestId('whoami')).toHaveCount(0)
  // The API refuses it too.
  expect((await desktop.request.get('/api/trpc/users.me')).status()).toBe(401)
})

test('an admin\'s password reset ends the user\'s open sessions', async ({ browser }) => {
  const admin = await signedInPage(browser, 'admin@demo.rewardlab')
  const email = `e2e-session-${Date.now()}@test.rewardlab`
  await admin.getByRole('navigation').getByRole('link', { name: 'Users' }).click()
  await admin.getByRole('button', { name: 'New user' }).click()
  const create = admin.getByRole('form', { name: 'New user' })
  await create.getByLabel('Email').fill(email)
  await create.getByLabel('Name').fill('Session Ender')
  await create.getByRole('textbox', { name: /Initial password/ }).fill('first-password-1')
  await create.getByRole('button', { name: 'Create user' }).click()
  await admin.getByRole('dialog', { name: 'User created' }).getByRole('button', { name: 'Done' }).click()

  const user = await (await browser.newContext()).newPage()
  await signIn(user, email, 'first-password-1')
  await expect(user.getByTestId('whoami')).toContainText('Session Ender')

  const row = admin.locator(`[data-testid="user-row"][data-email="${email}"]`)
  await row.getByRole('button', { name: 'Reset password…' }).click()
  const reset = admin.getByRole('form', { name: 'Reset password' })
  await reset.getByRole('textbox', { name: /New password/ }).fill('second-password-2')
  await reset.getByRole('button', { name: 'Set password' }).click()
  await expect(reset.getByRole('status')).toContainText('Password changed')

  await user.reload()
  await expect(user).toHaveURL(/\/signin/)
  await signIn(user, email, 'second-password-2')
})
