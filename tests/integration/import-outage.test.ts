// PostgreSQL going away in the middle of an ALL_OR_NOTHING import, with a real worker process. The
// database is a throw-away embedded PostgreSQL of this file's own (the suite's stays up for the other
// files): started, migrated, stopped while the import writes, started again. The worker must live
// through it, the job must end FAILED with a reason that says what happened, and no pair may be left.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from 'vitest'

const root = path.resolve(import.meta.dirname, '../..')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-outage-'))
fs.chmodSync(tmp, 0o777) // as root the server runs as the postgres OS user, which must reach its data
const pgData = path.join(tmp, 'data')
const randomPort = () => 55600 + Math.floor(Math.random() * 100)
let port = randomPort()
let url = `postgresql://postgres:postgres@127.0.0.1:${port}/rewardlab_outage`
const LINES = 200_000

const node = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, env: { ...process.env, DATABASE_URL: url }, stdio: ['ignore', 'ignore', 'inherit'] })
const startPg = () => node(['scripts/db.mjs', 'start', '--data', pgData, '--port', String(port), '--db', 'rewardlab_outage'])
const stopPg = () => node(['scripts/db.mjs', 'stop', '--data', pgData])

/** The first start initialises a cluster, which now and then fails on a busy machine: again, on a fresh port. */
function createPg() {
  for (let attempt = 1; ; attempt++) {
    try {
      return startPg()
    } catch (e) {
      if (attempt === 3) throw e
      fs.rmSync(pgData, { recursive: true, force: true })
      port = randomPort()
      url = `postgresql://postgres:postgres@127.0.0.1:${port}/rewardlab_outage`
    }
  }
}

// This file's modules must see the outage database: they are loaded only after DATABASE_URL points there.
let mods: {
  db: typeof import('@/server/db/client.ts').db
  stopBoss: typeof import('@/server/jobs/boss.ts').stopBoss
  createImport: typeof import('@/server/services/imports/create-import.ts').createImport
  helpers: typeof import('./helpers.ts')
}
const saved = { url: process.env.DATABASE_URL, uploads: process.env.REWARDLAB_UPLOAD_DIR }
let worker: ChildProcess | undefined
let workerLog = ''

async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await fn().catch(() => null) // the database is down for part of this test
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}; worker log:\n${workerLog.slice(-3000)}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

function startWorker(): Promise<ChildProcess> {
  const w = spawn(process.execPath, ['--import', 'tsx', 'workers/index.ts'], { cwd: root, env: { ...process.env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const keep = (d: string) => { workerLog = (workerLog + d).slice(-20_000) }
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('worker did not start')), 60_000)
    w.stdout!.setEncoding('utf8').on('data', (d: string) => { keep(d); if (d.includes('listening on queues')) { clearTimeout(timer); resolve(w) } })
    w.stderr!.setEncoding('utf8').on('data', keep)
    w.once('exit', (code) => reject(new Error(`worker exited early (${code})`)))
  })
}

const alive = (w: ChildProcess) => w.exitCode === null && w.signalCode === null

beforeAll(async () => {
  createPg()
  node(['scripts/prisma.mjs', 'migrate', 'deploy'])
  process.env.DATABASE_URL = url
  process.env.REWARDLAB_UPLOAD_DIR = path.join(tmp, 'uploads')
  const [{ db }, { stopBoss }, { createImport }, helpers] = await Promise.all([
    import('@/server/db/client.ts'), import('@/server/jobs/boss.ts'), import('@/server/services/imports/create-import.ts'), import('./helpers.ts'),
  ])
  mods = { db, stopBoss, createImport, helpers }
  const [{ name }] = await db.$queryRaw<{ name: string }[]>`SELECT current_database()::text AS name`
  expect(name).toBe('rewardlab_outage') // never the suite's database
}, 180_000)

afterAll(async () => {
  if (worker && alive(worker)) {
    const exited = new Promise((r) => worker!.once('exit', r))
    worker.kill('SIGKILL')
    await exited
  }
  await mods?.stopBoss().catch(() => undefined)
  await mods?.db.$disconnect()
  stopPg()
  process.env.DATABASE_URL = saved.url
  if (saved.uploads === undefined) delete process.env.REWARDLAB_UPLOAD_DIR
  else process.env.REWARDLAB_UPLOAD_DIR = saved.uploads
  fs.rmSync(tmp, { recursive: true, force: true })
}, 60_000)

test('PostgreSQL stopped mid-import: the worker lives, the job ends FAILED with the reason, no pair is left', async () => {
  const { db, createImport, helpers } = mods
  const file = path.join(tmp, 'big.jsonl')
  fs.writeFileSync(file, Array.from({ length: LINES }, (_, i) => JSON.stringify({ prompt: `outage q${i}`, chosen: `yes ${i}`, rejected: `no ${i}` })).join('\n'))
  worker = await startWorker()
  const researcher = await helpers.makeUser('RESEARCHER')
  const project = await helpers.makeProject({ owner: researcher })
  const imp = await createImport(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'ALL_OR_NOTHING', filename: 'big.jsonl', body: fs.createReadStream(file) })

  // Writing, with a few batches sent inside its transaction: "importing: 2,000 new pairs, …".
  await waitFor('the import to be writing', async () => {
    const phase = (await db.job.findUniqueOrThrow({ where: { id: imp.jobId } })).phase ?? ''
    const written = Number(/^importing: ([\d,]+) new pairs/.exec(phase)?.[1].replaceAll(',', '') ?? 0)
    return written >= 2000 && written < LINES
  })
  stopPg()
  await waitFor('the worker to see the import fail', async () => !alive(worker!) || workerLog.includes('connection was lost during the import'), 60_000)
  expect(alive(worker), `worker died:\n${workerLog.slice(-3000)}`).toBe(true)

  startPg()
  const job = await waitFor('the job to end', async () => {
    const j = await db.job.findUniqueOrThrow({ where: { id: imp.jobId } })
    return ['SUCCEEDED', 'FAILED', 'CANCELLED'].includes(j.status) ? j : null
  }, 120_000)
  expect(job.status).toBe('FAILED')
  expect(job.error).toMatch(/^The database connection was lost during the import: .+\. Nothing was imported \(all or nothing\)/)
  expect(await db.pair.count({ where: { projectId: project.id } })).toBe(0)
  expect(await db.prompt.count({ where: { projectId: project.id } })).toBe(0)
  expect(await db.label.count({ where: { importId: imp.id } })).toBe(0)
  expect(alive(worker)).toBe(true)
  expect(fs.existsSync(imp.storedPath)).toBe(false)
}, 400_000)
