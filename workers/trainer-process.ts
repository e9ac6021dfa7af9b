// Runs one command of the Python trainer (workers/trainer) as a child process and turns its
// JSON-lines stdout into typed events; runTrainerForJob connects those events to a job.
// Stopping: a graceful stop (the job's time limit, the worker's shutdown) writes the config's
// stop file, so the trainer saves its resume state at the next step and exits; a cancel sends
// SIGTERM. Either escalates to SIGKILL after its grace period. The trainer runs in its own process
// group (a Ctrl-C in the terminal reaches the worker, which decides) and exits when its stdin, a
// pipe we never write to, closes: a SIGKILLed worker leaves no orphan behind.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { stopGraceSeconds } from '../server/jobs/contract.ts'
import { repoRoot } from '../server/lib/paths.ts'
import type { JobEvent } from '../server/services/jobs/create-job-event-sink.ts'
import { summariseStderr, trainerExitMessage } from './trainer-exit.ts'
import { GracefulStop } from './stop-reasons.ts'
import type { TaskContext } from './run-job.ts'

/** What the trainer emits: the job's events, plus the error it ends with. */
export type TrainerEvent = JobEvent | { type: 'error'; message: string }

export function pythonPath() {
  return process.env.REWARDLAB_PYTHON ?? path.join(repoRoot(), '.venv', 'bin', 'python')
}

/** Processes for data-parallel commands (one per GPU of the worker's machine), from REWARDLAB_TRAIN_PROCESSES. */
export function trainProcesses(command: string): number {
  const n = Number(process.env.REWARDLAB_TRAIN_PROCESSES ?? 1)
  if (!Number.isInteger(n) || n < 1) throw new Error(`REWARDLAB_TRAIN_PROCESSES must be a whole number >= 1, got "${process.env.REWARDLAB_TRAIN_PROCESSES}"`)
  return DATA_PARALLEL.has(command) ? n : 1
}
const DATA_PARALLEL = new Set(['train-rm', 'sft', 'ppo'])

/**
 * The argument list after the Python executable: the trainer module, or torchrun over it for several
 * processes (torchrun forwards SIGTERM to them and they inherit the stdin pipe, so cancel and the
 * dead-worker check work as for one process; only rank 0 writes events).
 */
export function trainerArgs(command: string, configPath: string, processes = 1): string[] {
  const trainer = ['-m', 'rewardlab_trainer', command, '--config', configPath]
  return processes > 1 ? ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${processes}`, ...trainer] : trainer
}

type RunOptions = { workDir: string; signal: AbortSignal; onEvent: (e: TrainerEvent) => void | Promise<void>; graceMs?: number }

export async function runTrainer(command: string, config: Record<string, unknown>, opts: RunOptions): Promise<void> {
  const py = pythonPath()
  if (!fs.existsSync(py)) throw new Error(`Python trainer environment missing (${py}): run \`npm start\` or \`node scripts/setup-python.mjs\``)
  fs.mkdirSync(opts.workDir, { recursive: true })
  const configPath = path.join(opts.workDir, `${command}.config.json`)
  const stopFile = path.join(opts.workDir, `${command}.stop`)
  fs.rmSync(stopFile, { force: true })
  fs.writeFileSync(configPath, JSON.stringify({ ...config, stop_file: stopFile }, null, 2))
  const child = spawn(py, trainerArgs(command, configPath, trainProcesses(command)), {
    cwd: path.join(repoRoot(), 'workers', 'trainer'),
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONPATH: path.join(repoRoot(), 'workers', 'trainer') },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: true,
  })
  const stderrTail: string[] = []
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderrTail.push(...d.split('\n'))
    stderrTail.splice(0, Math.max(0, stderrTail.length - 200))
  })
  let killedBy: NodeJS.Signals | null = null
  const signalGroup = (sig: NodeJS.Signals) => {
    if (child.exitCode !== null || child.signalCode !== null) return
    killedBy = sig
    try {
      process.kill(-child.pid!, sig) // the whole group: torchrun's ranks too
    } catch {
      child.kill(sig)
    }
  }
  const timers: NodeJS.Timeout[] = []
  const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms))
  const escalate = () => {
    signalGroup('SIGTERM')
    later(opts.graceMs ?? 5000, () => signalGroup('SIGKILL'))
  }
  const onAbort = () => {
    if (!(opts.signal.reason instanceof GracefulStop)) return escalate()
    fs.writeFileSync(stopFile, 'stop\n') // the trainer saves its resume state at its next step and exits
    later(stopGraceSeconds() * 1000, escalate)
  }
  if (opts.signal.aborted) onAbort()
  else opts.signal.addEventListener('abort', onAbort, { once: true })
  let lastError: string | null = null
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('close', (code, signal) => resolve({ code, signal })))
  // Events are handled one at a time, in order, so metrics and progress are stored as emitted.
  for await (const line of readline.createInterface({ input: child.stdout })) {
    if (!line.trim()) continue
    let event: TrainerEvent
    try {
      event = JSON.parse(line)
    } catch {
      event = { type: 'log', message: line }
    }
    if (event.type === 'error') lastError = event.message
    await opts.onEvent(event)
  }
  const exit = await exited
  for (const t of timers) clearTimeout(t)
  opts.signal.removeEventListener('abort', onAbort)
  if (opts.signal.aborted) throw new Error(`stopped: ${(opts.signal.reason as Error)?.message ?? 'cancelled'}`)
  if (exit.code !== 0) {
    throw new Error(trainerExitMessage(command, { ...exit, sentByUs: killedBy, lastError, stderr: summariseStderr(stderrTail) }))
  }
}

/**
 * Runs a trainer command for a job: progress, metrics, logs and artefacts go to the job's event sink
 * (the trainer's progress is the job's, 0..1: the trainer scales its own phases), and the artefact
 * paths are returned to the task.
 */
export async function runTrainerForJob(ctx: TaskContext, command: string, config: Record<string, unknown>, workDir: string) {
  const artefacts: Record<string, string> = {}
  await runTrainer(command, config, {
    workDir,
    signal: ctx.signal,
    onEvent: async (e) => {
      if (e.type === 'artefact') artefacts[e.kind] = e.path
      if (e.type === 'error') return ctx.emit({ type: 'log', level: 'ERROR', message: e.message })
      return ctx.emit(e)
    },
  }).finally(ctx.flush) // the task reads its metrics back (headlines) once the trainer is done
  return artefacts
}

let cuda: Promise<boolean> | null = null
/** Whether the trainer's torch sees a GPU on this machine (asked once per worker process). */
export function cudaAvailable(): Promise<boolean> {
  cuda ??= new Promise((resolve) => {
    const py = pythonPath()
    if (!fs.existsSync(py)) return resolve(false)
    const child = spawn(py, ['-c', 'import torch; print(torch.cuda.is_available())'], { stdio: ['ignore', 'pipe', 'ignore'] })
    let out = ''
    child.stdout.on('data', (d) => { out += d })
    child.on('close', () => resolve(out.trim() === 'True'))
    child.on('error', () => resolve(false))
  })
  return cuda
}
