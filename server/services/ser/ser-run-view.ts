// What the API shows of an SER run: settings, status (a round whose job failed or was cancelled
// shows the run as stopped, with that job's reason), each round with its reward model, figures and
// batch, and the reference model trained on 100% of the human labels.
import { db } from '../../db/client.ts'
import { jobViewSelect } from '../reward-models/reward-model-view.ts'
import { serConfigSchema } from './ser-config.ts'

/** A reward model's held-out accuracy from its stored summary (null before it finished). */
export const accuracy = (summary: unknown) => {
  const v = (summary as Record<string, unknown> | null)?.['eval/accuracy']
  return typeof v === 'number' ? v : null
}
const modelSelect = { id: true, name: true, summary: true, job: { select: jobViewSelect } } as const

export async function loadSerRunView(runId: string) {
  const run = await db.serRun.findUniqueOrThrow({
    where: { id: runId },
    include: {
      createdBy: { select: { id: true, name: true } },
      reference: { select: modelSelect },
      rounds: {
        orderBy: { round: 'asc' },
        include: {
          rewardModel: { select: modelSelect },
          job: { select: { ...jobViewSelect, afterJobId: true, stopReason: true } },
          batch: { select: { id: true, status: true, size: true, spotCheckSize: true, autoApproved: true, decidedAt: true, decisionReason: true, revokeReason: true } },
        },
      },
    },
  })
  const last = run.rounds.at(-1)
  const jobEnded = last && ['FAILED', 'CANCELLED'].includes(last.job.status)
  const status = run.status === 'ACTIVE' && jobEnded ? 'STOPPED' : run.status
  const endReason = run.status === 'ACTIVE' && jobEnded ? `round ${last.round}'s job ${last.job.status === 'FAILED' ? `failed: ${last.job.error ?? 'no error recorded'}` : 'was cancelled'}` : run.endReason
  return {
    id: run.id, projectId: run.projectId, name: run.name, config: serConfigSchema.parse(run.config), experiment: run.experiment, autoApprove: run.autoApprove,
    status, endReason, createdAt: run.createdAt, endedAt: run.endedAt, createdBy: run.createdBy,
    reference: run.reference ? { id: run.reference.id, name: run.reference.name, job: run.reference.job, accuracy: accuracy(run.reference.summary) } : null,
    rounds: run.rounds.map(({ rewardModel: { summary, ...rm }, histogram, ...r }) => ({ ...r, rewardModel: { ...rm, accuracy: accuracy(summary) }, histogram: histogram as { bins: number; selected: number[]; unselected: number[] } | null })),
  }
}
export type SerRunView = Awaited<ReturnType<typeof loadSerRunView>>
