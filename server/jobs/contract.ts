// The one job contract: every background job's queue name, version, payload schema, retries and
// deliberate time limit. Payloads carry ids only; the Job row (and the row it points to) is the
// source of truth. Retries and continuations are decided from the row (workers/run-job.ts), never
// by pg-boss, so a job runs exactly as often as its contract says, whatever crashed.
import { z } from 'zod'
import type { JobKind } from '../db/client.ts'

const HOUR = 3600
/** pg-boss caps one attempt (a message's expiry) at 24 h. */
export const PG_BOSS_MAX_EXPIRY_SECONDS = 24 * HOUR
/** Extra seconds pg-boss gives an attempt beyond our own limit + the stop grace, so our limit always fires first. */
const EXPIRY_MARGIN_SECONDS = 60

type Entry = {
  queue: string
  version: number
  payload: z.ZodType
  /** Attempts after the first that a failure (an error, a lost worker) may get. */
  retryLimit: number
  /**
   * Seconds one attempt may run before the worker stops it as "timed out". A setting:
   * REWARDLAB_JOB_TIME_LIMIT_<KIND> (seconds) overrides it.
   */
  timeLimitSeconds: number
  /**
   * Whether an attempt stopped by its time limit continues in a follow-up attempt (from the task's
   * last checkpoint) instead of failing. Continuations are not retries and have their own cap.
   */
  continues: boolean
}

export const JOB_CONTRACT = {
  IMPORT: {
    queue: 'import-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // A failed import is not retried: the user fixes the file and uploads again.
    retryLimit: 0,
    // The 100k-pair benchmark takes 25 s; 6 h covers a 200 MB upload on a slow disk many times over.
    timeLimitSeconds: 6 * HOUR,
    continues: false,
  },
  PRETRAIN_LM: {
    queue: 'pretrain-lm-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Transient failures (a worker restart, out of memory on a busy GPU) are worth one more try.
    retryLimit: 1,
    // Training: as long as pg-boss lets one attempt run; longer runs continue from their checkpoint.
    timeLimitSeconds: 0,
    continues: true,
  },
  TRAIN_RM: {
    queue: 'train-rm-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    retryLimit: 1,
    timeLimitSeconds: 0,
    continues: true,
  },
  SCORE_PAIRS: {
    queue: 'score-pairs-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Scores are upserts: a retry simply redoes them.
    retryLimit: 2,
    // 20k pairs score in minutes on a CPU; 6 h is a stuck job, not a big one.
    timeLimitSeconds: 6 * HOUR,
    continues: false,
  },
  JUDGE_RUN: {
    queue: 'judge-run-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Resumable (pairs already judged by this version are skipped): retries only cost the rest.
    retryLimit: 2,
    // A rate-limited endpoint may need days for a large project: each attempt resumes where the last stopped.
    timeLimitSeconds: 0,
    continues: true,
  },
  SFT: {
    queue: 'sft-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Like reward-model training: one more try after a crash, continuing from the saved state.
    retryLimit: 1,
    timeLimitSeconds: 0,
    continues: true,
  },
  BASELINES: {
    queue: 'baselines-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Sampling k responses per prompt is redone whole on a retry: minutes for the built-in models.
    retryLimit: 1,
    // 12 h samples far more than any project's prompts × k on a CPU; a longer one is stuck.
    timeLimitSeconds: 12 * HOUR,
    continues: false,
  },
  PPO: {
    queue: 'ppo-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    retryLimit: 1,
    timeLimitSeconds: 0,
    continues: true,
  },
  EVAL_RM: {
    queue: 'eval-rm-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Stored rewards stay valid (the export and the set never change): a retry scores only the rest.
    retryLimit: 2,
    // RewardBench's 3k pairs take about a minute on a CPU; 6 h per attempt, and a timed-out
    // attempt continues from the pairs already scored.
    timeLimitSeconds: 6 * HOUR,
    continues: true,
  },
  SER_ROUND: {
    queue: 'ser-round-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Pool scores are stored as they come and the batch is written in one transaction: a retry
    // scores only the pairs still missing and never writes a second batch.
    retryLimit: 2,
    // A 20k-pair pool scores in minutes on a CPU; each attempt resumes from the stored scores.
    timeLimitSeconds: 6 * HOUR,
    continues: true,
  },
  POLICY_EVAL: {
    queue: 'policy-eval-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Generations and verdicts are stored as they come: a retry generates only if the samples are
    // missing and judges only the comparisons still without a verdict (no judge call is paid twice).
    retryLimit: 2,
    // A few policies x a few hundred prompts generate in minutes and judge at the endpoint's rate;
    // 12 h per attempt, and a timed-out attempt continues from what is stored.
    timeLimitSeconds: 12 * HOUR,
    continues: true,
  },
} as const satisfies Record<JobKind, Entry>

export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_CONTRACT)[K]['payload']>
export const JOB_KINDS = Object.keys(JOB_CONTRACT) as JobKind[]

function envSeconds(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isFinite(n) || n <= 0) throw new Error(`${name} must be a number of seconds > 0, got "${raw}"`)
  return n
}

/**
 * Seconds a task gets to stop cleanly once its limit is reached (a trainer saves its resume state).
 * REWARDLAB_JOB_STOP_GRACE_SECONDS; 10 min writes a multi-GB optimizer state on a slow disk.
 */
export const stopGraceSeconds = () => envSeconds('REWARDLAB_JOB_STOP_GRACE_SECONDS') ?? 600

/** Follow-up attempts a continuing job may get (REWARDLAB_JOB_MAX_CONTINUATIONS; 13 = two weeks of 24 h attempts). */
export function maxContinuations(): number {
  const raw = process.env.REWARDLAB_JOB_MAX_CONTINUATIONS
  const n = raw === undefined || raw === '' ? 13 : Number(raw)
  if (!Number.isInteger(n) || n < 0) throw new Error(`REWARDLAB_JOB_MAX_CONTINUATIONS must be a whole number >= 0, got "${raw}"`)
  return n
}

/** The limit of one attempt of this kind, in seconds: the setting, else the contract's, else what pg-boss allows. */
export function timeLimitSeconds(kind: JobKind): number {
  const longest = PG_BOSS_MAX_EXPIRY_SECONDS - stopGraceSeconds() - EXPIRY_MARGIN_SECONDS
  const wanted = envSeconds(`REWARDLAB_JOB_TIME_LIMIT_${kind}`) ?? (JOB_CONTRACT[kind].timeLimitSeconds || longest)
  return Math.max(1, Math.min(wanted, longest))
}

/** pg-boss's expiry for one message: after our own limit and the stop grace, so ours always fires first. */
export const expirySeconds = (kind: JobKind) => Math.min(PG_BOSS_MAX_EXPIRY_SECONDS, Math.ceil(timeLimitSeconds(kind) + stopGraceSeconds() + EXPIRY_MARGIN_SECONDS))

/** "23.8 h", "90 min", "45 s": how limits are named in job errors and the UI. */
export function formatLimit(seconds: number): string {
  if (seconds >= HOUR) return `${+(seconds / HOUR).toFixed(1)} h`
  if (seconds >= 120) return `${Math.round(seconds / 60)} min`
  return `${Math.round(seconds)} s`
}
