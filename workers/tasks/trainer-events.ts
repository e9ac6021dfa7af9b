// Connects a trainer child process to a job: its events go to the job's progress, metrics, logs
// and artefacts; the artefact paths are collected for the task.
import { createJobEventSink } from '../../server/services/jobs/create-job-event-sink.ts'
import { runTrainer } from '../trainer-process.ts'
import type { TaskContext } from '../run-job.ts'

export async function runTrainerForJob(ctx: TaskContext, command: string, config: Record<string, unknown>, workDir: string, span: [number, number] = [0, 1]) {
  const sink = createJobEventSink(ctx.jobId)
  const artefacts: Record<string, string> = {}
  try {
    await runTrainer(command, config, {
      workDir,
      signal: ctx.signal,
      onEvent: async (e) => {
        if (e.type === 'artefact') artefacts[e.kind] = e.path
        if (e.type === 'progress') return sink.onEvent({ ...e, fraction: span[0] + (span[1] - span[0]) * e.fraction })
        if (e.type === 'error') return sink.onEvent({ type: 'log', level: 'ERROR', message: e.message })
        if (e.type === 'metric' || e.type === 'log' || e.type === 'artefact') return sink.onEvent(e)
      },
    })
  } finally {
    await sink.flush()
  }
  return artefacts
}
