// The job contract's limits (server/jobs/contract.ts) and the start script's supervisor
// (scripts/supervise.mjs): settings override the defaults, pg-boss's 24 h cap always leaves room for
// our own limit and the stop grace, and a dead child is restarted with backoff until stop().
import { EventEmitter } from 'node:events'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { expirySeconds, formatLimit, maxContinuations, PG_BOSS_MAX_EXPIRY_SECONDS, timeLimitSeconds } from '@/server/jobs/contract.ts'
// @ts-expect-error plain ESM script without types
import { restartDelayMs, supervise } from '../../scripts/supervise.mjs'

const KEYS = ['REWARDLAB_JOB_TIME_LIMIT_TRAIN_RM', 'REWARDLAB_JOB_TIME_LIMIT_IMPORT', 'REWARDLAB_JOB_STOP_GRACE_SECONDS', 'REWARDLAB_JOB_MAX_CONTINUATIONS']
afterEach(() => { for (const k of KEYS) delete process.env[k] })

describe('job time limits', () => {
  test('training gets what pg-boss allows per attempt, less the stop grace and a margin; imports 6 h', () => {
    expect(timeLimitSeconds('TRAIN_RM')).toBe(86_400 - 600 - 60)
    expect(expirySeconds('TRAIN_RM')).toBe(PG_BOSS_MAX_EXPIRY_SECONDS)
    expect(timeLimitSeconds('IMPORT')).toBe(6 * 3600)
    expect(expirySeconds('IMPORT')).toBe(6 * 3600 + 600 + 60)
  })

  test('settings override the contract, never beyond the cap, and bad values are refused', () => {
    process.env.REWARDLAB_JOB_TIME_LIMIT_IMPORT = '90'
    process.env.REWARDLAB_JOB_STOP_GRACE_SECONDS = '30'
    expect(timeLimitSeconds('IMPORT')).toBe(90)
    expect(expirySeconds('IMPORT')).toBe(180)
    process.env.REWARDLAB_JOB_TIME_LIMIT_TRAIN_RM = String(7 * 86_400)
    expect(timeLimitSeconds('TRAIN_RM')).toBe(86_400 - 30 - 60)
    process.env.REWARDLAB_JOB_TIME_LIMIT_IMPORT = 'soon'
    expect(() => timeLimitSeconds('IMPORT')).toThrow(/REWARDLAB_JOB_TIME_LIMIT_IMPORT must be a number of seconds/)
    process.env.REWARDLAB_JOB_MAX_CONTINUATIONS = '-1'
    expect(() => maxContinuations()).toThrow(/whole number >= 0/)
  })

  test('limits read as people say them', () => {
    expect([formatLimit(1), formatLimit(90), formatLimit(5400), formatLimit(85_740)]).toEqual(['1 s', '90 s', '1.5 h', '23.8 h'])
  })
})

describe('the start script supervisor', () => {
  test('backoff doubles from 1 s up to its cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => restartDelayMs(n))).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000])
  })

  test('a dead child is restarted after the backoff and logged; stop() ends it for good', async () => {
    vi.useFakeTimers()
    try {
      const children: (EventEmitter & { exitCode: number | null; signalCode: string | null; kill: (s: string) => void })[] = []
      const start = () => {
        const c = Object.assign(new EventEmitter(), { exitCode: null as number | null, signalCode: null as string | null, kill: (s: string) => { c.signalCode = s; c.emit('exit', null, s) } })
        children.push(c)
        return c
      }
      const log = vi.fn()
      const s = supervise('worker', start, { log })
      children[0].signalCode = 'SIGKILL'
      children[0].emit('exit', null, 'SIGKILL')
      expect(log).toHaveBeenLastCalledWith('the worker was killed (SIGKILL); restarting it in 1 s (restart 1)')
      await vi.advanceTimersByTimeAsync(999)
      expect(children).toHaveLength(1)
      await vi.advanceTimersByTimeAsync(1)
      expect(children).toHaveLength(2)
      children[1].exitCode = 1
      children[1].emit('exit', 1, null)
      expect(log).toHaveBeenLastCalledWith('the worker exited with code 1; restarting it in 2 s (restart 2)')
      await vi.advanceTimersByTimeAsync(2000)
      expect(children).toHaveLength(3)
      await s.stop()
      expect(children[2].signalCode).toBe('SIGTERM')
      await vi.advanceTimersByTimeAsync(60_000)
      expect(children).toHaveLength(3) // stopped: never restarted
    } finally {
      vi.useRealTimers()
    }
  })
})
