// The worker process: fetches jobs from pg-boss and runs their tasks. Started by `npm start`
// beside the web app (and restarted by it when it dies); `npm run worker` runs it alone. Several
// workers, on one machine or many, share the database: each reconciles rows whose worker is gone.
import { db } from '../server/db/client.ts'
import { HEARTBEAT_REFRESH_SECONDS, startBoss, stopBoss } from '../server/jobs/boss.ts'
import { JOB_CONTRACT } from '../server/jobs/contract.ts'
import type { JobKind } from '../server/db/client.ts'
import { reconcileJobs } from '../server/services/jobs/reconcile-jobs.ts'
import { runJob, runningHere, type Task } from './run-job.ts'
import { WorkerShutdown } from './stop-reasons.ts'
import { importTask } from './tasks/import.ts'
import { pretrainTask } from './tasks/pretrain-lm.ts'
import { trainRmTask } from './tasks/train-rm.ts'
import { scorePairsTask } from './tasks/score-pairs.ts'
import { judgeRunTask } from './tasks/judge-run.ts'
import { sftTask } from './tasks/sft.ts'
import { baselinesTask } from './tasks/baselines.ts'
import { ppoTask } from './tasks/ppo.ts'
import { evalRmTask } from './tasks/eval-rm.ts'
import { serRoundTask } from './tasks/ser-round.ts'
import { policyEvalTask } from './tasks/policy-eval.ts'

const TASKS: Record<JobKind, Task> = {
  IMPORT: importTask,
  PRETRAIN_LM: pretrainTask,
  TRAIN_RM: trainRmTask,
  SCORE_PAIRS: scorePairsTask,
  JUDGE_RUN: judgeRunTask,
  SFT: sftTask,
  BASELINES: baselinesTask,
  PPO: ppoTask,
  EVAL_RM: evalRmTask,
  SER_ROUND: serRoundTask,
  POLICY_EVAL: policyEvalTask,
}

/** Seconds between reconciliation passes: a job whose worker died on another machine is picked up this long after pg-boss gives it up. */
const RECONCILE_SECONDS = 15

const shutdown = new AbortController()
const inFlight = new Set<Promise<unknown>>()
let reconcileTimer: NodeJS.Timeout | undefined

async function reconcile() {
  const r = await reconcileJobs(runningHere)
  if (r.requeued + r.failed + r.cancelled + r.resent) {
    console.log(`worker: reconciled jobs: ${r.requeued} re-queued, ${r.failed} failed, ${r.cancelled} cancelled, ${r.resent} re-sent`)
  }
}

async function main() {
  // The worker instance first: supervision on, before any service could start a sender instance.
  const boss = await startBoss('worker')
  await reconcile()
  reconcileTimer = setInterval(() => void reconcile().catch((e) => console.error('worker: reconcile failed:', (e as Error).message)), RECONCILE_SECONDS * 1000)
  for (const kind of Object.keys(TASKS) as JobKind[]) {
    await boss.work(JOB_CONTRACT[kind].queue, { batchSize: 1, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS }, async ([job]) => {
      if (shutdown.signal.aborted) throw new Error('the worker is shutting down')
      const run = runJob(kind, job.data, job.signal, TASKS[kind], { messageId: job.id, shutdown: shutdown.signal })
      inFlight.add(run)
      try {
        await run
      } finally {
        inFlight.delete(run)
      }
    })
  }
  console.log(`worker: listening on queues ${Object.values(JOB_CONTRACT).map((c) => c.queue).join(', ')}`)
}

let stopping = false
async function stop() {
  if (stopping) return
  stopping = true
  clearInterval(reconcileTimer)
  // Running tasks stop gracefully (a trainer saves its resume state) and are re-queued to continue.
  shutdown.abort(new WorkerShutdown())
  await Promise.allSettled(inFlight)
  await stopBoss()
  await db.$disconnect()
  process.exit(0)
}
process.on('SIGINT', () => void stop())
process.on('SIGTERM', () => void stop())
main().catch((e) => {
  console.error('worker failed to start:', e)
  process.exit(1)
})
