// Runs one command of the Python trainer (workers/trainer) as a child process and turns its
// JSON-lines stdout into typed events. Cancellation: SIGTERM, then SIGKILL after a grace period.
// The trainer also exits when its stdin (a pipe we never write to) closes, so a SIGKILLed worker
// leaves no orphan behind.
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { repoRoot } from '../server/lib/paths.ts'


export type TrainerEvent =
  | { type: 'progress'; fraction: number; phase: string }
  | { type: 'metric'; step: number; name: string; value: number }
  | { type: 'artefact'; kind: string; path: string; [k: string]: unknown }
  | { type: 'log'; message: string; level?: 'INFO' | 'WARN' | 'ERROR' }
  | { type: 'error'; message: string }
  | { type: 'result'; [k: string]: unknown }

export function pythonPath() {
  return process.env.REWARDLAB_PYTHON ?? path.join(repoRoot(), '.venv', 'bin', 'python')
}

/** Processes for data-parallel commands (one per GPU of the worker's machine), from REWARDLAB_TRAIN_PROCESSES. */
export function trainProcesses(command: string): number {
  const n = Number(process.env.REWARDLAB_TRAIN_PROCESSES ?? 1)
  if (!Number.isInteger(n) || n < 1) throw new Error(`REWARDLAB_TRAIN_PROCESSES must be a whole number >= 1, got "${process.env.REWARDLAB_TRAIN_PROCESSES}"`)
  return DATA_PARALLEL.has(command) ? n : 1
}
const DATA_PARALLEL = new Set(['train-rm'])

/**
 * The argument list after the Python executable: the trainer module, or torchrun over it for several
 * processes (torchrun forwards SIGTERM to them and they inherit the stdin pipe, so cancel and the
 * dead-worker check work as for one process; only rank 0 writes events).
 */
export function trainerArgs(command: string, configPath: string, processes = 1): string[] {
  const trainer = ['-m', 'rewardlab_trainer', command, '--config', configPath]
  return processes > 1 ? ['-m', 'torch.distributed.run', '--standalone', `--nproc_per_node=${processes}`, ...trainer] : trainer
}

export async function runTrainer(
  command: string,
  config: Record<string, unknown>,
  opts: { workDir: string; signal: AbortSignal; onEvent: (e: TrainerEvent) => void | Promise<void>; graceMs?: number },
): Promise<void> {
  const py = pythonPath()
  if (!fs.existsSync(py)) throw new Error(`Python trainer environment missing (${py}): run \`npm start\` or \`node scripts/setup-python.mjs\``)
  fs.mkdirSync(opts.workDir, { recursive: true })
  const configPath = path.join(opts.workDir, `${command}.config.json`)
  fs.writeFileSync(configPath, JSON.stringify(config, null, 2))
  const child = spawn(py, trainerArgs(command, configPath, trainProcesses(command)), {
    cwd: path.join(repoRoot(), 'workers', 'trainer'),
    env: { ...process.env, PYTHONUNBUFFERED: '1', PYTHONPATH: path.join(repoRoot(), 'workers', 'trainer') },
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  const stderrTail: string[] = []
  child.stderr.setEncoding('utf8').on('data', (d: string) => {
    stderrTail.push(...d.split('\n').filter(Boolean))
    stderrTail.splice(0, Math.max(0, stderrTail.length - 40))
  })
  const onAbort = () => {
    child.kill('SIGTERM')
    setTimeout(() => child.exitCode === null && child.kill('SIGKILL'), opts.graceMs ?? 5000).unref()
  }
  opts.signal.addEventListener('abort', onAbort, { once: true })
  let lastError: string | null = null
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)))
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
  const code = await exited
  opts.signal.removeEventListener('abort', onAbort)
  if (opts.signal.aborted) throw new Error('cancelled')
  if (code !== 0) {
    throw new Error(lastError ?? `trainer ${command} exited with code ${code}: ${stderrTail.slice(-8).join('\n') || 'no output'}`)
  }
}
