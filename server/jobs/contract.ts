// The one job contract: every background job's queue name, version and payload schema.
// Payloads carry ids only; the Job row (and the row it points to) is the source of truth.
import { z } from 'zod'
import type { JobKind } from '../db/client.ts'

export const JOB_CONTRACT = {
  IMPORT: {
    queue: 'import-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // A failed import is not retried: the user fixes the file and uploads again.
    retryLimit: 0,
  },
  PRETRAIN_LM: {
    queue: 'pretrain-lm-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Transient failures (a worker restart, out of memory on a busy GPU) are worth one more try.
    retryLimit: 1,
  },
  TRAIN_RM: {
    queue: 'train-rm-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    retryLimit: 1,
  },
  SCORE_PAIRS: {
    queue: 'score-pairs-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Scores are upserts: a retry simply redoes them.
    retryLimit: 2,
  },
  JUDGE_RUN: {
    queue: 'judge-run-v1',
    version: 1,
    payload: z.object({ jobId: z.string().min(1) }),
    // Resumable (pairs already judged by this version are skipped): retries only cost the rest.
    retryLimit: 2,
  },
} as const satisfies Record<JobKind, { queue: string; version: number; payload: z.ZodType; retryLimit: number }>

export type JobPayload<K extends JobKind> = z.infer<(typeof JOB_CONTRACT)[K]['payload']>
export const JOB_KINDS = Object.keys(JOB_CONTRACT) as JobKind[]
