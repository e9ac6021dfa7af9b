// What each role may open, seen from the browser: annotators and researchers get the "Not allowed"
// refusal on admin and staff pages, signed-out visitors are sent to sign in, a bad password is refused.
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'


async function demoProjectPath(page: Page) {
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page).toHaveURL(/\/projects\/[^/]+$/)
  return new URL(page.url()).pathname
}

async function expectRefused(page: Page, path: string) {
  await page.goto(path)
  await expect(page.getByTestId('forbidden')).toBeVisible()
  await expect(page.getByTestId('forbidden')).toContainText('Not allowed')
}

test('an annotator is refused the admin pages and the project data and settings pages', async ({ page }) => {
  await signIn(page, 'annotator1@demo.rewardlab')
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Users' })).toHaveCount(0)
  await expect(page.getByRole('navigation').getByRole('link', { name: 'Audit log' })).toHaveCount(0)
  const project = await demoProjectPath(page)
  await expect(page.getByRole('link', { name: 'Settings', exact: true })).toHaveCount(0)
  await expectRefused(page, '/admin/users')
  await page.screenshot({ path: 'tmp/screenshots/annotator-admin-users.png' })
  await expectRefused(page, '/admin/audit')
  await expectRefused(page, `${project}/settings`)
  await expectRefused(page, `${project}/data`)
  await expect(page.getByTestId('user-row')).toHaveCount(0)
})

test('a researcher is refused the admin pages but opens project settings', async ({ page }) => {
  await signIn(page, 'researcher@demo.rewardlab')
  const project = await demoProjectPath(page)
  await expectRefused(page, '/admin/users')
  await expectRefused(page, '/admin/audit')
  await page.goto(`${project}/settings`)
  await expect(page.getByRole('form', { name: 'Project settings' })).toBeVisible()
  await expect(page.getByTestId('forbidden')).toHaveCount(0)
})

test('signed-out visitors are sent to sign in', async ({ page }) => {
  await page.goto('/admin/users')
  await expect(page).toHaveURL(/\/signin\?next=%2Fadmin%2Fusers/)
})

test('a wrong password shows the sign-in error and signs nobody in', async ({ page }) => {
  await page.goto('/signin')
  await page.getByLabel('Email').fill('admin@demo.rewardlab')
  await page.getByLabel('Password').fill('not-the-password')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Wrong email or password')
  await expect(page).toHaveURL(/\/signin/)
  await expect(page.getByTestId('whoami')).toHaveCount(0)
})
