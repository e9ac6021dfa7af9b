// Shared steps of the end-to-end specs: the seeded demo accounts and signing in.
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
