// How a trainer's failed exit reads in a job's error (workers/trainer-exit.ts): the signal that ended it
// with its likely cause, progress bars and colour codes left out, a traceback reduced to its exception.
import { describe, expect, test } from 'vitest'
import { summariseStderr, trainerExitMessage } from '@/workers/trainer-exit.ts'

const TQDM = [
  'Map:   0%|          | 0/2312 [00:00<?, ? examples/s]\rMap:  43%|████▎     | 1000/2312 [00:00<00:00, 9571.26 examples/s]\rMap: 100%|██████████| 2312/2312 [00:00<00:00, 9876.12 examples/s]',
  '\x1b[32m 45%|████▌     | 9/20 [00:01<00:02, 4.1it/s]\x1b[0m',
  '100%',
]

describe('trainer exit messages', () => {
  test('progress bars and colour codes never reach the text; the last real lines do', () => {
    const text = summariseStderr([...TQDM, 'loading tokenizer from /m', '', ...TQDM, 'warning: 3 pairs longer than max_length'])
    expect(text).toBe('loading tokenizer from /m\nwarning: 3 pairs longer than max_length')
  })

  test('a traceback is reduced to its exception line', () => {
    const text = summariseStderr(['Traceback (most recent call last):', '  File "x.py", line 3, in <module>', '    f()', 'RuntimeError: CUDA error: out of memory', ...TQDM])
    expect(text).toBe('RuntimeError: CUDA error: out of memory')
  })

  test('a SIGKILL nobody here sent reads as a likely out-of-memory kill; ours as stopped by the worker', () => {
    const base = { code: null, lastError: null, stderr: '' }
    expect(trainerExitMessage('train-rm', { ...base, signal: 'SIGKILL', sentByUs: null }))
      .toBe("the trainer (train-rm) was killed (SIGKILL): out of memory? (the kernel's OOM killer sends SIGKILL; `dmesg` on the worker's machine tells)")
    expect(trainerExitMessage('train-rm', { ...base, signal: 'SIGKILL', sentByUs: 'SIGKILL' })).toBe('the trainer (train-rm) was killed (SIGKILL): stopped by the worker')
    expect(trainerExitMessage('pretrain', { ...base, signal: 'SIGSEGV', sentByUs: null, stderr: 'Fatal Python error: Segmentation fault' }))
      .toBe('the trainer (pretrain) was killed (SIGSEGV): a crash in native code (PyTorch, a CUDA driver)\nFatal Python error: Segmentation fault')
  })

  test('an exit code: the error event the trainer sent, else the code and the meaningful stderr', () => {
    expect(trainerExitMessage('score', { code: 1, signal: null, sentByUs: null, lastError: 'ValueError: no pairs', stderr: 'x' })).toBe('ValueError: no pairs')
    expect(trainerExitMessage('score', { code: 3, signal: null, sentByUs: null, lastError: null, stderr: '' })).toBe('the trainer (score) exited with code 3: no output')
  })
})
