// Turns a trainer's unsuccessful exit into one readable sentence for the job's error: which signal
// ended it (and the likely cause when nobody here sent it), or its exit code, with the error event
// it sent or the meaningful end of its stderr. Progress bars (tqdm, carriage returns) and colour
// codes never reach the error text.
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g
// "45%|████▌     | 9/20 [00:01<00:02, 4.1it/s]", "Map:  50%|…", bare "50%" redraws.
const PROGRESS_BAR = /(\d+%\|)|(\|\s*\d+\/\d+\s*\[)|(\d+(\.\d+)?(it|s)\/(s|it)\])|^\s*\d+%\s*$/

export function summariseStderr(lines: string[], keep = 6): string {
  const meaningful = lines
    .map((l) => l.replace(ANSI, ''))
    .map((l) => l.split('\r').filter((part) => part.trim()).at(-1) ?? '') // what a terminal would show last
    .filter((l) => l.trim() && !PROGRESS_BAR.test(l))
  // A Python traceback: its last line names the exception; the frames above are for the operator's log.
  const tb = meaningful.findLastIndex((l) => l.startsWith('Traceback (most recent call last)'))
  if (tb !== -1) {
    const after = meaningful.slice(tb + 1).filter((l) => !/^\s/.test(l))
    if (after.length) return after.slice(-2).join('\n')
  }
  return meaningful.slice(-keep).join('\n')
}

const LIKELY: Partial<Record<NodeJS.Signals, string>> = {
  SIGKILL: 'out of memory? (the kernel\'s OOM killer sends SIGKILL; `dmesg` on the worker\'s machine tells)',
  SIGSEGV: 'a crash in native code (PyTorch, a CUDA driver)',
  SIGBUS: 'a crash in native code, or the disk or shared memory (/dev/shm) ran out',
  SIGABRT: 'an abort in native code (often a CUDA error)',
  SIGTERM: 'something on the machine stopped it',
}

type Exit = { code: number | null; signal: NodeJS.Signals | null; sentByUs: NodeJS.Signals | null; lastError: string | null; stderr: string }

export function trainerExitMessage(command: string, e: Exit): string {
  if (e.signal) {
    const cause = e.sentByUs === e.signal ? 'stopped by the worker' : LIKELY[e.signal] ?? 'an outside signal'
    return `the trainer (${command}) was killed (${e.signal}): ${cause}${e.stderr ? `\n${e.stderr}` : ''}`
  }
  if (e.lastError) return e.lastError
  return `the trainer (${command}) exited with code ${e.code}: ${e.stderr || 'no output'}`
}
