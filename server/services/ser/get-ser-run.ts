// One SER run with its rounds, and each batch's spot-check and (experiment mode) hidden-label figures.
import type { Actor } from '../../lib/actor.ts'
import { findSerRun } from './find-ser-run.ts'
import { loadSerRunView } from './ser-run-view.ts'
import { batchAgreement } from './spot-check-stats.ts'

export async function getSerRun(actor: Actor, runId: string) {
  const run = await loadSerRunView((await findSerRun(actor, runId)).id)
  const rounds = await Promise.all(run.rounds.map(async (r) => ({ ...r, agreement: r.batch ? await batchAgreement(r.batch.id) : null })))
  return { ...run, rounds }
}
