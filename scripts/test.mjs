// `npm test`: installs what the tests need, starts a throw-away PostgreSQL, and runs the unit,
// integration and end-to-end (Playwright + Debian chromium) suites. `.ci/run` calls exactly this.
//   npm test                 all suites
//   npm test -- unit         only some: unit | python | integration | e2e (several allowed)
//   npm test -- integration imports   any other word filters test files (vitest, Playwright) and
//                                     pytest tests (-k) by name, for a quick run while developing
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { ensureBuild, ensureChromium, ensureNodeModules, log, migrate, randomSecret, root } from './setup.mjs'
import { countReport } from './test-report.mjs'

const ALL = ['unit', 'python', 'integration', 'e2e']
const wanted = process.argv.slice(2).filter((a) => ALL.includes(a))
const suites = wanted.length ? wanted : ALL
const filters = process.argv.slice(2).filter((a) => !ALL.includes(a) && !a.startsWith('-'))
ensureNodeModules()
if (suites.includes('e2e')) process.env.CHROMIUM_PATH = ensureChromium()
// Every suite uses the trainer's environment (even the unit tests export an ONNX LM with it).
;(await import('./setup-python.mjs')).ensurePythonEnv()

const { startDb, stopDb } = await import('./db.mjs')
// A filtered run (while developing) gets its own report folder, so runs side by side never mix.
const outDir = path.join(root, 'tmp', filters.length ? `test-results-${process.pid}` : 'test-results')
fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })
// A fresh cluster per run, in /tmp (the postgres OS user must be able to reach it when we are root).
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-test-pg-'))
fs.chmodSync(dataDir, 0o777)
const pgDir = path.join(dataDir, 'data')

/**
 * The throw-away cluster. Its first start (initdb) now and then fails on a busy machine, and a random
 * port may be taken (two runs side by side): tried again on a fresh folder and port, with the reason.
 */
async function startTestDb() {
  for (let attempt = 1; ; attempt++) {
    const port = Number(process.env.TEST_PG_PORT ?? 55450 + Math.floor(Math.random() * 40))
    try {
      return await startDb({ dataDir: pgDir, port, db: 'rewardlab_test' })
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e ?? 'no reason given')
      if (attempt === 3) throw new Error(`the test database did not start (3 tries; last: ${why})`)
      log(`the test database did not start (${why}); trying again on another port`)
      try { stopDb({ dataDir: pgDir }) } catch { /* not running */ }
      fs.rmSync(pgDir, { recursive: true, force: true })
    }
  }
}

const env = {
  ...process.env,
  NEXT_TELEMETRY_DISABLED: '1',
  DATABASE_URL: await startTestDb(),
  AUTH_SECRET: randomSecret(),
  REWARDLAB_UPLOAD_DIR: path.join(dataDir, 'uploads'),
  // The fake judge endpoints listen on loopback, which judges may call only when an admin allows it;
  // tests that prove the refusal clear this themselves.
  REWARDLAB_JUDGE_ALLOWED_HOSTS: '127.0.0.1',
  // Tests read their own writes at once: no dashboard cache (its rules: tests/unit/snapshot-cache.test.ts).
  REWARDLAB_DASHBOARD_MAX_AGE_SECONDS: '0',
}
// Ctrl-C: stop the throw-away cluster too.
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    try { stopDb({ dataDir: pgDir }) } catch { /* already stopped */ }
    fs.rmSync(dataDir, { recursive: true, force: true })
    process.exit(130)
  })
}
const totals = { passed: 0, failed: 0, skipped: 0, problems: [] }
let failedSuites = []

function run(name, cmd, args, extraEnv = {}) {
  log(`running ${name} tests…`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...env, ...extraEnv } })
  if (r.status !== 0) failedSuites.push(name)
}

const readReport = (file) => (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null)

try {
  log('preparing the test database…')
  migrate(env)
  if (suites.includes('unit')) {
    // Type errors anywhere (app, server, workers, scripts, tests) fail the run; next build skips this.
    log('type-checking (tsc)…')
    const tsc = spawnSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: root, stdio: 'inherit', env })
    if (tsc.status !== 0) failedSuites.push('typecheck')
    // Linters, zero warnings: ESLint (Next.js + typescript-eslint rules) on the TypeScript, ruff on the trainer.
    log('linting (eslint, ruff)…')
    const eslint = spawnSync(process.execPath, [path.join(root, 'node_modules/eslint/bin/eslint.js'), '.', '--max-warnings=0'], { cwd: root, stdio: 'inherit', env })
    if (eslint.status !== 0) failedSuites.push('eslint')
    const ruff = spawnSync(path.join(root, '.venv', 'bin', 'ruff'), ['check', 'workers/trainer'], { cwd: root, stdio: 'inherit', env })
    if (ruff.status !== 0) failedSuites.push('ruff')
  }
  const vitest = path.join(root, 'node_modules/vitest/vitest.mjs')
  for (const s of ['unit', 'integration'].filter((x) => suites.includes(x))) {
    const out = path.join(outDir, `${s}.json`)
    run(s, process.execPath, [vitest, 'run', '--project', s, '--reporter=default', '--reporter=json', `--outputFile.json=${out}`, ...filters])
    countReport('vitest', readReport(out), totals, s)
  }
  if (suites.includes('python')) {
    // The trainer's own tests (losses, ECE, tokenizer, tiny training runs, ONNX parity) with pytest.
    const out = path.join(outDir, 'python.xml')
    run('python', path.join(root, '.venv', 'bin', 'python'), ['-m', 'pytest', '-q', 'workers/trainer/tests', `--junitxml=${out}`, ...(filters.length ? ['-k', filters.join(' or ')] : [])])
    countReport('junit', readReport(out), totals, 'python')
  }
  if (suites.includes('e2e')) {
    ensureBuild({ ...env, NODE_ENV: 'production' })
    const seed = spawnSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/seed.ts'], { cwd: root, stdio: 'inherit', env })
    if (seed.status !== 0) throw new Error('seeding the e2e database failed')
    const out = path.join(outDir, 'e2e.json')
    run('e2e', process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...filters], { PLAYWRIGHT_JSON_OUTPUT_NAME: out })
    countReport('playwright', readReport(out), totals, 'e2e')
  }
} catch (e) {
  console.error(e)
  failedSuites.push('setup')
} finally {
  stopDb({ dataDir: pgDir })
  fs.rmSync(dataDir, { recursive: true, force: true })
}
for (const p of totals.problems) console.error(`problem: ${p}`)
console.log(`\ntests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`)
if (failedSuites.length || totals.failed) {
  console.error(`failed: ${failedSuites.join(', ')}`)
  process.exit(1)
}
