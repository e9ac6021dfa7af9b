// End-to-end tests in Debian's chromium (never `npx playwright install`: it downloads a browser).
// scripts/test.mjs builds the app, seeds the demo accounts, and sets DATABASE_URL / AUTH_SECRET.
import { defineConfig } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 3100)
// The fake OpenAI-compatible endpoint the judges spec points a judge at. Its URL and the key it
// demands reach the spec through the environment (test workers inherit the runner's).
const fakePort = Number(process.env.E2E_FAKE_OPENAI_PORT ?? 3190)
process.env.E2E_FAKE_OPENAI_URL = `http://127.0.0.1:${fakePort}/v1`
process.env.E2E_FAKE_OPENAI_KEY ??= 'sk-e2e-fake-judge-key-7f3a9c'
// The fake listens on loopback, which judges may call only when an admin allows it: exactly that
// host:port here. The same key is also offered as a server key (REWARDLAB_JUDGE_KEY_<NAME>, bound to
// the fake's origin), as an admin would set one up. The web server and the worker both check.
const judgeEnv = {
  REWARDLAB_JUDGE_ALLOWED_HOSTS: `127.0.0.1:${fakePort}`,
  REWARDLAB_JUDGE_KEY_E2E_FAKE: process.env.E2E_FAKE_OPENAI_KEY,
  REWARDLAB_JUDGE_KEY_E2E_FAKE_URL: `http://127.0.0.1:${fakePort}`,
}
export default defineConfig({
  testDir: 'tests/e2e',
  // A forgotten test.only would silently skip the rest of the suite in CI.
  forbidOnly: true,
  outputDir: 'tmp/test-results/e2e-artifacts',
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  reporter: [['list'], ['json']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: [
    {
      command: `node --import tsx scripts/web.ts --port ${port} --host 127.0.0.1`,
      url: `http://127.0.0.1:${port}/signin`,
      reuseExistingServer: false,
      timeout: 90_000,
      // Trusting one proxy lets a spec pick its client address (X-Forwarded-For), so the failed
      // sign-ins of the throttling spec do not lock the other specs out of 127.0.0.1.
      env: { NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', REWARDLAB_TRUST_PROXY: '1', ...judgeEnv },
    },
    {
      command: 'node --import tsx workers/index.ts',
      env: judgeEnv,
      wait: { stdout: /listening on queues/ },
      reuseExistingServer: false,
      timeout: 60_000,
    },
    {
      // One process (not npx), so stopping it stops the server. It answers only with the key, and
      // after 100 ms, so a judge run lasts long enough to be followed.
      command: `node --import tsx tests/support/fake-openai-server.ts --port ${fakePort} --latency 100 --api-key ${process.env.E2E_FAKE_OPENAI_KEY}`,
      url: `http://127.0.0.1:${fakePort}/v1/models`,
      reuseExistingServer: false,
      timeout: 30_000,
    },
  ],
})
