// The worker process: fetches jobs from pg-boss and runs their tasks. Started by `npm start`
// beside the web app; `npm run worker` runs it alone.
import { db } from '../server/db/client.ts'
import { getBoss, HEARTBEAT_REFRESH_SECONDS, stopBoss } from '../server/jobs/boss.ts'
import { JOB_CONTRACT } from '../server/jobs/contract.ts'
import type { JobKind } from '../server/db/client.ts'
import { recoverStaleJobs } from '../server/services/jobs/recover-stale-jobs.ts'
import { runJob, type Task } from './run-job.ts'
import { importTask } from './tasks/import.ts'
import { pretrainTask } from './tasks/pretrain-lm.ts'
import { trainRmTask } from './tasks/train-rm.ts'
import { scorePairsTask } from './tasks/score-pairs.ts'
import { judgeRunTask } from './tasks/judge-run.ts'

const TASKS: Record<JobKind, Task> = {
  IMPORT: importTask,
  PRETRAIN_LM: pretrainTask,
  TRAIN_RM: trainRmTask,
  SCORE_PAIRS: scorePairsTask,
  JUDGE_RUN: judgeRunTask,
}

async function main() {
  const recovered = await recoverStaleJobs()
  if (recovered.requeued + recovered.failed) {
    console.log(`worker: interrupted jobs: ${recovered.requeued} re-queued, ${recovered.failed} marked FAILED`)
  }
  const boss = await getBoss({ worker: true })
  for (const kind of Object.keys(TASKS) as JobKind[]) {
    const c = JOB_CONTRACT[kind]
    await boss.work(c.queue, { batchSize: 1, pollingIntervalSeconds: 1, heartbeatRefreshSeconds: HEARTBEAT_REFRESH_SECONDS }, async ([job]) => {
      await runJob(kind, job.data, job.signal, TASKS[kind], job.retryCount < c.retryLimit)
    })
  }
  console.log(`worker: listening on queues ${Object.values(JOB_CONTRACT).map((c) => c.queue).join(', ')}`)
}

let stopping = false
async function shutdown() {
  if (stopping) return
  stopping = true
  await stopBoss()
  await db.$disconnect()
  process.exit(0)
}
process.on('SIGINT', () => void shutdown())
process.on('SIGTERM', () => void shutdown())
main().catch((e) => {
  console.error('worker failed to start:', e)
  process.exit(1)
})
