// Runs one command of the Python trainer (workers/trainer) as a child process and turns its
// JSON-lines stdout into typed events; runTrainerForJob connects those events to a job.
// Stopping: a graceful stop (the job's time limit, the worker's shutdown) writes the config's
// stop file, so the trainer saves its resume state at the next step and exits; a cancel sends
// SIGTERM. Either escalates to SIGKILL after its grace period. The trainer runs in its own process
// group (a Ctrl-C in the terminal reaches the worker, which decides) and exits when its stdin pipe
// closes: a SIGKILLed worker leaves no orphan behind. The same pipe carries the worker's answers to
// the trainer's requests ({"type":"request","id",kind,...} on stdout, answered by onRequest with
// {"type":"response","id",...} or {"type":"response","id","error"}), e.g. d-RLAIF ratings: the judge,
// its key and its cost stay in the worker. The child's environment holds none of the worker's secrets.
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

/** A question of the trainer to the worker (answered on its stdin). */
export type TrainerRequest = { type: 'request'; id: number; kind: string; [field: string]: unknown }

/** What the trainer emits: the job's events, the error it ends with, and its requests. */
export type TrainerEvent = JobEvent | { type: 'error'; message: string } | TrainerRequest

/** Answers one request: the response's fields, or a throw whose message fails the run (the trainer raises it). */
export type RequestHandler = (request: TrainerRequest, signal: AbortSignal) => Promise<Record<string, unknown>>

// The worker's secrets: judge keys (REWARDLAB_JUDGE_KEY_*), what decrypts stored keys, the database.
const SECRET_ENV = [/^REWARDLAB_JUDGE_KEY_/, /^AUTH_SECRET$/, /^NEXTAUTH_SECRET$/, /^DATABASE_URL$/, /_API_KEY$/]

/** The trainer's environment: the worker's, without its secrets (the trainer needs none of them). */
export function trainerEnv(env: Record<string, string | undefined> = process.env): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !SECRET_ENV.some((re) => re.test(k)))) as NodeJS.ProcessEnv
}

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

type RunOptions = {
  workDir: string
  signal: AbortSignal
  onEvent: (e: TrainerEvent) => void | Promise<void>
  /** Answers the trainer's requests; without it every request is answered with an error. */
  onRequest?: RequestHandler
  /** Processes for this run (default: trainProcesses(command)); 1 where only one process may talk to the worker. */
  processes?: number
  graceMs?: number
}

export async function runTrainer(command: string, config: Record<string, unknown>, opts: RunOptions): Promise<void> {
  const py = pythonPath()
  if (!fs.existsSync(py)) throw new Error(`Python trainer environment missing (${py}): run \`npm start\` or \`node scripts/setup-python.mjs\``)
  fs.mkdirSync(opts.workDir, { recursive: true })
  const configPath = path.join(opts.workDir, `${command}.config.json`)
  const stopFile = path.join(opts.workDir, `${command}.stop`)
  fs.rmSync(stopFile, { force: true })
  fs.writeFileSync(configPath, JSON.stringify({ ...config, stop_file: stopFile }, null, 2))
  const child = spawn(py, trainerArgs(command, configPath, opts.processes ?? trainProcesses(command)), {
    cwd: path.join(repoRoot(), 'workers', 'trainer'),
    env: { ...trainerEnv(), PYTHONUNBUFFERED: '1', PYTHONPATH: path.join(repoRoot(), 'workers', 'trainer') },
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
  child.stdin.on('error', () => undefined) // an answer to a trainer that has just exited: nobody to tell
  const timers: NodeJS.Timeout[] = []
  const later = (ms: number, fn: () => void) => timers.push(setTimeout(fn, ms))
  // Aborts a pending request when the trainer is being stopped by signal; a graceful stop lets it finish,
  // so the trainer reaches its next step and saves its state.
  const hardStop = new AbortController()
  const escalate = () => {
    hardStop.abort(opts.signal.reason ?? new Error('stopped'))
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
    if (event.type === 'request') await answer(child.stdin, event, opts.onRequest, hardStop.signal)
    else await opts.onEvent(event)
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
 * Answers one request on the trainer's stdin; the trainer waits for it, so requests are handled in
 * order. Stopped by signal, nothing is written: the trainer is exiting.
 */
async function answer(stdin: NodeJS.WritableStream, req: TrainerRequest, handler: RequestHandler | undefined, signal: AbortSignal) {
  let reply: Record<string, unknown>
  try {
    if (!handler) throw new Error(`this run answers no "${req.kind}" requests`)
    reply = await handler(req, signal)
  } catch (e) {
    if (signal.aborted) return
    reply = { error: e instanceof Error ? e.message : String(e) }
  }
  if (!signal.aborted) stdin.write(`${JSON.stringify({ ...reply, type: 'response', id: req.id })}\n`)
}

/**
 * Runs a trainer command for a job: progress, metrics, logs and artefacts go to the job's event sink
 * (the trainer's progress is the job's, 0..1: the trainer scales its own phases), and the artefact
 * paths are returned to the task.
 */
export async function runTrainerForJob(ctx: TaskContext, command: string, config: Record<string, unknown>, workDir: string,
  extra: Pick<RunOptions, 'onRequest' | 'processes'> = {}) {
  const artefacts: Record<string, string> = {}
  await runTrainer(command, config, {
    ...extra,
    workDir,
    signal: ctx.signal,
    onEvent: async (e) => {
      if (e.type === 'artefact') artefacts[e.kind] = e.path
      if (e.type === 'error') return ctx.emit({ type: 'log', level: 'ERROR', message: e.message })
      if (e.type === 'request') return // answered by onRequest, never stored
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
