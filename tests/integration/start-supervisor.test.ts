// `npm start` as a user runs it (scripts/start.mjs, on this suite's database, next dev so no build is
// needed): kill -9 of the worker stops nothing else. The web app keeps answering, the supervisor
// starts a new worker, and that worker takes over the running job (the dead one's attempt is
// re-queued at once: same machine, its process is gone). Ctrl-C (SIGTERM here) stops everything.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, beforeAll, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { cancelJob } from '@/server/services/jobs/cancel-job.ts'
import { makeUser, settleOtherJobs, waitFor } from './helpers.ts'
import { makeSeparableProject, pretrainTinyBase, startEndless, trainerPids, trainingStarted } from './rm-fixtures.ts'

let researcher: Actor
let projectId: string
let start: ChildProcess | null = null
let output = ''
const port = 3300 + Math.floor(Math.random() * 90)

const alive = (pid: number) => { try { process.kill(pid, 0); return true } catch { return false } }
const pidOf = (workerId: string | null) => Number(workerId?.split(':').at(-1))
const webAnswers = async () => {
  try {
    return (await fetch(`http://127.0.0.1:${port}/signin`, { signal: AbortSignal.timeout(60_000) })).status === 200
  } catch {
    return false
  }
}

beforeAll(async () => {
  await settleOtherJobs()
  researcher = await makeUser('RESEARCHER')
  projectId = (await makeSeparableProject(researcher, 60)).id
  await pretrainTinyBase(researcher, projectId)
  start = spawn(process.execPath, ['scripts/start.mjs', '--dev', '--no-demo'], {
    // next dev writes under .next/dev, apart from the production build the e2e tests use.
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  for (const s of [start.stdout!, start.stderr!]) s.setEncoding('utf8').on('data', (d: string) => { output += d })
  await waitFor('the worker to listen', async () => output.includes('listening on queues'), 180_000)
  await waitFor('the web app to answer', webAnswers, 240_000)
}, 420_000)

afterAll(async () => {
  if (start && start.exitCode === null) {
    start.kill('SIGKILL')
  }
  await settleOtherJobs()
  await stopBoss()
})

test('kill -9 of the worker: the web app keeps answering and a new worker takes the job', async () => {
  const rm = await startEndless(researcher, projectId)
  await trainingStarted(rm.jobId)
  const first = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
  const oldWorker = pidOf(first.workerId)
  expect(alive(oldWorker)).toBe(true)
  process.kill(oldWorker, 'SIGKILL')

  expect(await webAnswers()).toBe(true) // the web server was not taken down with it
  await waitFor('the supervisor to restart the worker', async () => /the worker was killed \(SIGKILL\); restarting it in 1 s \(restart 1\)/.test(output), 60_000)
  const taken = await waitFor('a new worker to run the job', async () => {
    const j = await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })
    return j.status === 'RUNNING' && j.attempts === 2 && pidOf(j.workerId) !== oldWorker ? j : null
  }, 180_000)
  expect(taken).toMatchObject({ retries: 1 })
  expect(alive(pidOf(taken.workerId))).toBe(true)
  expect(await webAnswers()).toBe(true)

  await cancelJob(researcher, rm.jobId)
  await waitFor('CANCELLED', async () => (await db.job.findUniqueOrThrow({ where: { id: rm.jobId } })).status === 'CANCELLED', 60_000)

  // Ctrl-C: everything stops, the new worker and the trainers too.
  const exited = new Promise((r) => start!.once('exit', r))
  start!.kill('SIGTERM')
  await exited
  await waitFor('the worker to be gone', async () => !alive(pidOf(taken.workerId)), 30_000)
  expect(trainerPids(rm.id)).toEqual([])
  expect(await webAnswers()).toBe(false)
}, 600_000)
