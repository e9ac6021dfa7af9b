// Browser-side hardening (issue 8, items 11 and 12) against the production server (scripts/web.ts):
// the security headers on a page, on an /api/trpc answer (the Node listener's own) and on a route
// handler; every page of the app renders and hydrates under the nonce-based CSP with no violation
// reported; the sign-in page is no open redirect; the sign-in form tells a throttled user how long
// to wait. playwright.config.ts sets REWARDLAB_TRUST_PROXY=1, so a test picks its own client
// address with X-Forwarded-For and its failed sign-ins do not throttle the other specs.
import crypto from 'node:crypto'
import { expect, test, type Page } from '@playwright/test'
import { DEMO, signIn } from './helpers.ts'

const ownAddress = () => `203.0.113.${crypto.randomInt(1, 255)}`

function expectSecurityHeaders(headers: Record<string, string>, what: string) {
  expect(headers['x-content-type-options'], what).toBe('nosniff')
  expect(headers['x-frame-options'], what).toBe('DENY')
  expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin')
  const csp = headers['content-security-policy'] ?? ''
  expect(csp, what).toContain("frame-ancestors 'none'")
  // Scripts never 'unsafe-inline' (styles may: React style attributes).
  expect(csp.match(/script-src[^;]*/)?.[0] ?? '', what).not.toContain('unsafe-inline')
}

test('security headers on a page, an /api/trpc answer, a route handler and Auth.js', async ({ page, request }) => {
  const signin = await request.get('/signin')
  expectSecurityHeaders(signin.headers(), 'page')
  expect(signin.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/)
  // The nonce is per response, and it is on the page's scripts.
  const again = await request.get('/signin')
  const nonce = (h: Record<string, string>) => h['content-security-policy'].match(/'nonce-([^']+)'/)?.[1]
  expect(nonce(again.headers())).not.toBe(nonce(signin.headers()))
  expect(await again.text()).toContain(`nonce="${nonce(again.headers())}"`)

  const trpc = await request.get('/api/trpc/users.me')
  expect(trpc.status()).toBe(401)
  expectSecurityHeaders(trpc.headers(), '/api/trpc')
  expect(trpc.headers()['content-security-policy']).toContain("default-src 'none'")

  const route = await request.get('/api/projects/no-such-project/export')
  expect(route.status()).toBe(401)
  expectSecurityHeaders(route.headers(), 'route handler')
  expectSecurityHeaders((await request.get('/api/auth/csrf')).headers(), 'Auth.js')
  await page.goto('/signin')
  const script = await page.locator('script[src]').first().getAttribute('src')
  expectSecurityHeaders((await request.get(script!)).headers(), 'static asset')
})

/** Every CSP violation the page reports (Playwright's init script runs outside the page's CSP). */
async function watchCsp(page: Page) {
  const seen: string[] = []
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) seen.push(m.text()) })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`))
  })
  return seen
}

/** Opens a page and waits until Next.js's client has started (it cannot if its scripts are blocked). */
async function visit(page: Page, path: string) {
  const res = await page.goto(path)
  expect(res?.status(), path).toBeLessThan(400)
  await page.waitForFunction(() => (window as unknown as { next?: { version?: string } }).next?.version, null, { timeout: 15_000 })
  await expect(page.getByTestId('whoami'), path).toBeVisible()
}

test('every page renders and hydrates under the CSP, with no violation', async ({ page }) => {
  test.setTimeout(3 * 60_000)
  const violations = await watchCsp(page)
  await signIn(page, 'admin@demo.rewardlab')
  await page.getByRole('link', { name: DEMO }).click()
  await expect(page).toHaveURL(/\/projects\/[^/]+$/)
  const project = new URL(page.url()).pathname
  const pages = ['/projects', project, ...['annotate', 'data', 'agreement', 'judges', 'judges/dashboard', 'reward-models', 'policies', 'settings'].map((t) => `${project}/${t}`), '/admin/users', '/admin/audit']
  for (const path of pages) await visit(page, path)
  // Detail pages made by the other specs, when there are any.
  for (const list of [`${project}/judges`, `${project}/reward-models`, `${project}/policies`]) {
    await visit(page, list)
    const detail = await page.locator(`a[href^="${list}/"]:not([href*="dashboard"]):not([href*="compare"])`).first().getAttribute('href', { timeout: 1000 }).catch(() => null)
    if (detail) await visit(page, detail)
  }
  // Something that needs client JavaScript works: the annotate view's keyboard-driven queue loads.
  await visit(page, `${project}/annotate`)
  expect(violations).toEqual([])
})

test('the sign-in page sends nobody to another site', async ({ page }) => {
  for (const next of ['/%5Cexample.org', '/%5C%5Cexample.org', '//example.org', '/%2F%2Fexample.org', 'https://example.org']) {
    await page.goto(`/signin?next=${next}`)
    await expect(page.locator('input[name="next"]')).toHaveValue('/projects')
  }
  await signIn(page, 'annotator1@demo.rewardlab') // after this, /signin redirects at once
  await page.goto('/signin?next=/%5Cexample.org')
  await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/projects$/)
  await page.goto('/signin?next=%2Fadmin%2Faudit')
  await expect(page).toHaveURL(/\/admin\/audit$/)
})

test('after 10 failed sign-ins the form says how long to wait', async ({ page }) => {
  await page.setExtraHTTPHeaders({ 'x-forwarded-for': ownAddress() })
  const email = `nobody-${Date.now()}@test.rewardlab`
  await page.goto('/signin')
  for (let i = 0; i < 10; i++) {
    await page.getByLabel('Email').fill(email)
    await page.getByLabel('Password').fill(`guess-${i}`)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await expect(page.getByRole('main').getByRole('alert')).toContainText('Wrong email or password')
    await expect(page.getByRole('button', { name: 'Sign in' })).toBeEnabled()
  }
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('guess-10')
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByRole('main').getByRole('alert')).toHaveText('Too many failed sign-ins; try again in 15 minutes.')
})
