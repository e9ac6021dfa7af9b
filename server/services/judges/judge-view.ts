// What the API shows of a judge and its runs. The encrypted key never leaves the server: a view
// says only whether one is set. Rater keys: a judge's labels are "judge:<judgeId>:v<version>", so
// each configuration version's labels stay side by side (imported judges use "judge:<name>").
import type { Job, Judge, JudgeRun } from '../../db/generated/client.ts'
import { judgeConfigSchema, type JudgeConfig } from '../../judge/config.ts'

export const judgeRaterKey = (judgeId: string, version: number) => `judge:${judgeId}:v${version}`
export const judgeRaterName = (name: string, version: number) => `${name} (v${version})`

export type JudgeView = {
  id: string
  projectId: string
  name: string
  version: number
  config: JudgeConfig
  hasApiKey: boolean
  createdAt: Date
  updatedAt: Date
}

export function toJudgeView(j: Judge): JudgeView {
  return {
    id: j.id, projectId: j.projectId, name: j.name, version: j.version,
    config: judgeConfigSchema.parse(j.config), hasApiKey: j.apiKeyCipher !== null,
    createdAt: j.createdAt, updatedAt: j.updatedAt,
  }
}

export type JudgeRunView = Omit<JudgeRun, 'config'> & {
  job: Pick<Job, 'id' | 'status' | 'progress' | 'phase' | 'error' | 'startedAt' | 'finishedAt'>
  raterKey: string
}

export function toRunView(r: JudgeRun & { job: Job }): JudgeRunView {
  const { config: _config, job, ...rest } = r
  return {
    ...rest, raterKey: judgeRaterKey(r.judgeId, r.configVersion),
    job: { id: job.id, status: job.status, progress: job.progress, phase: job.phase, error: job.error, startedAt: job.startedAt, finishedAt: job.finishedAt },
  }
}
