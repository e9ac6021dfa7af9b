// Task: score all pairs of a project with an exported reward model.
import { scoreProjectPairs } from '../../server/services/scoring/score-project-pairs.ts'
import type { Task } from '../run-job.ts'

export const scorePairsTask: Task = async ({ jobId, signal, emit }) => {
  await scoreProjectPairs(jobId, { signal, emit })
}
