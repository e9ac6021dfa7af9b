// Administration in the browser, on the seeded demo: an admin creates an annotator and assigns
// the demo project; the new annotator signs in and finds it. Then a researcher edits the demo
// project's settings (and puts them back) and takes the new annotator off it again; finally the
// admin deactivates the new account.
// Screenshots go to tmp/screenshots/ for a person to look at.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'

const newUser = { email: `e2e-${Date.now()}@test.rewardlab`, name: `Eve E2E ${Date.now() % 100_000}`, password: 'e2e-first-password' }
const resetPassword = 'e2e-reset-password'

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page).toHaveURL(/\/signin/)
}

test.describe.configure({ mode: 'serial' })

test('an admin creates an annotator and assigns the demo project; the annotator then sees it', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 })
  await signIn(page, 'admin@demo.rewardlab')
  await page.getByRole('navigation').getByRole('link', { name: 'Users' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Users' })).toBeVisible()

  await page.getByRole('button', { name: 'New user' }).click()
  const create = page.getByRole('form', { name: 'New user' })
  await create.getByLabel('Email').fill(newUser.email)
  await create.getByLabel('Name').fill(newUser.name)
  await create.getByLabel('Role').selectOption('ANNOTATOR')
  await create.getByRole('textbox', { name: /Initial password/ }).fill(newUser.password)
  await page.screenshot({ path: 'tmp/screenshots/admin-new-user.png' })
  await create.getByRole('button', { name: 'Create user' }).click()
  const created = page.getByRole('dialog', { name: 'User created' })
  await expect(created.getByTestId('new-password')).toHaveText(newUser.password)
  await created.getByRole('button', { name: 'Done' }).click()
  await expect(created).toBeHidden()

  const row = page.locator(`[data-testid="user-row"][data-email="${newUser.email}"]`)
  await expect(row).toContainText(newUser.name)
  await expect(row.getByRole('combobox')).toHaveValue('ANNOTATOR')
  await expect(row).toContainText('active')
  await row.getByRole('button', { name: 'Projects…' }).click()
  const assign = page.getByRole('form', { name: 'Assign projects' })
  await assign.getByRole('checkbox', { name: DEMO }).check()
  await page.screenshot({ path: 'tmp/screenshots/admin-assign-projects.png' })
  await assign.getByRole('button', { name: /^Save/ }).click()
  await expect(assign).toBeHidden()
  await expect(row).toContainText(DEMO)
  await page.screenshot({ path: 'tmp/screenshots/admin-users.png', fullPage: true })

  // A forgotten password: the admin sets a new one (the first one stops working, checked below).
  await row.getByRole('button', { name: 'Reset password…' }).click()
  const reset = page.getByRole('form', { name: 'Reset password' })
  await reset.getByRole('textbox', { name: /New password/ }).fill(resetPassword)
  await reset.getByRole('button', { name: 'Set password' }).click()
  await expect(reset.getByRole('status')).toContainText('Password changed')
  await expect(reset.getByTestId('new-password')).toHaveText(resetPassword)
  await page.screenshot({ path: 'tmp/screenshots/admin-reset-password.png' })
  await reset.getByRole('button', { name: 'Close' }).click()

  // The audit log shows what just happened, without any password.
  await page.getByRole('link', { name: 'Audit log' }).click()
  await expect(page.getByRole('heading', { level: 1, name: 'Audit log' })).toBeVisible()
  const firstRows = page.getByTestId('audit-row')
  await expect(firstRows.first()).toContainText('user.password.reset')
  await expect(firstRows.nth(1)).toContainText('user.projects')
  await expect(firstRows.nth(2)).toContainText('user.create')
  await expect(firstRows.nth(2)).toContainText(newUser.name) // the entity is named, not just an id
  for (const secret of [newUser.password, resetPassword, '$argon2']) await expect(page.locator('main')).not.toContainText(secret)
  await page.screenshot({ path: 'tmp/screenshots/admin-audit.png', fullPage: true })
  await signOut(page)

  await page.goto('/signin')
  await page.getByLabel('Email').fill(newUser.email)
  await page.getByLabel('Password').fill(newUser.password)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Wrong email or password')

  await signIn(page, newUser.email, resetPassword)
  await expect(page.getByTestId('whoami')).toContainText(`${newUser.name} · annotator`)
  await expect(page.getByTestId('project-card')).toHaveCount(1)
  await expect(page.getByTestId('project-card')).toContainText(DEMO)
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Users' })).toHaveCount(0)
})

test('a researcher edits the demo project settings with a guidelines preview, and picks its annotators', async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 1000 })
  await signIn(page, 'researcher@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await page.getByRole('link', { name: 'Settings', exact: true }).click()
  await expect(page).toHaveURL(/\/settings$/)

  const form = page.getByRole('form', { name: 'Project settings' })
  const description = form.getByLabel('Description')
  const original = await description.inputValue()
  await description.fill(`${original} (checked by e2e)`)
  const guidelines = form.getByLabel('Guidelines (markdown)')
  const originalGuidelines = await guidelines.inputValue()
  await guidelines.fill(`${originalGuidelines}\n\n## E2E heading`)
  await expect(page.getByTestId('guidelines-preview').getByRole('heading', { name: 'E2E heading' })).toBeVisible()
  await expect(form).toContainText('Unsaved: description, guidelines')
  // Guidelines were only previewed: put them back, save the description alone.
  await guidelines.fill(originalGuidelines)
  await form.getByRole('button', { name: 'Save settings' }).click()
  await expect(form.getByRole('status')).toHaveText('Saved.')
  await page.reload()
  await expect(page.getByRole('form', { name: 'Project settings' }).getByLabel('Description')).toHaveValue(`${original} (checked by e2e)`)

  const members = page.getByRole('form', { name: 'Project members' })
  const eve = members.getByRole('checkbox', { name: newUser.name })
  await expect(eve).toBeChecked()
  await expect(members.getByRole('checkbox', { name: 'Ann Annotator' })).toBeChecked()
  await page.screenshot({ path: 'tmp/screenshots/project-settings.png', fullPage: true })
  await eve.uncheck()
  await members.getByRole('button', { name: 'Save annotators' }).click()
  await expect(members.getByRole('status')).toHaveText('Saved.')
  await page.reload()
  await expect(page.getByRole('form', { name: 'Project members' }).getByRole('checkbox', { name: newUser.name })).not.toBeChecked()

  // Leave the demo project as the seed made it.
  const again = page.getByRole('form', { name: 'Project settings' })
  await again.getByLabel('Description').fill(original)
  await again.getByRole('button', { name: 'Save settings' }).click()
  await expect(again.getByRole('status')).toHaveText('Saved.')
})

test('an admin deactivates the new annotator, who then cannot sign in', async ({ page }) => {
  await signIn(page, 'admin@demo.rewardlab')
  await page.goto('/admin/users')
  const row = page.locator(`[data-testid="user-row"][data-email="${newUser.email}"]`)
  await row.getByRole('button', { name: 'Deactivate' }).click()
  await expect(row).toContainText('deactivated')
  await expect(row.getByRole('button', { name: 'Reactivate' })).toBeVisible()
  // The admin's own row offers neither demotion nor deactivation.
  const me = page.locator('[data-testid="user-row"][data-email="admin@demo.rewardlab"]')
  await expect(me.getByRole('combobox')).toBeDisabled()
  await expect(me.getByRole('button', { name: 'Deactivate' })).toBeDisabled()
  await signOut(page)

  await page.getByLabel('Email').fill(newUser.email)
  await page.getByLabel('Password').fill(resetPassword)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toContainText('deactivated')
})
