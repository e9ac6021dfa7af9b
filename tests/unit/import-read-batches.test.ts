// The batch reader of imports (issue 8, item 7): a file that never fills a batch, here a gzip of
// blank lines, still yields progress ticks as its bytes are read, and stopping at a tick stops the
// read there. Counted, never timed.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, describe, expect, test } from 'vitest'
import { readImportBatches } from '@/server/services/imports/read-import-batches.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-batches-'))
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }))
const MB = 1024 * 1024

/** `mb` MiB of blank lines (spaces, then a newline), gzipped, and one pair at the very end. */
function blankGzip(name: string, mb: number) {
  const file = path.join(tmp, name)
  const blank = Buffer.from(' '.repeat(63) + '\n')
  fs.writeFileSync(file, zlib.gzipSync(Buffer.concat([Buffer.alloc(mb * MB, blank), Buffer.from(JSON.stringify({ prompt: 'q', chosen: 'a', rejected: 'b' }))])))
  return { storedPath: file, format: 'JSONL_PAIRS' as const, judgeName: null }
}

describe('progress ticks by bytes read', () => {
  test('a gzip of blank lines yields ticks with a rising share of the file before its one batch', async () => {
    const batches = []
    for await (const b of readImportBatches(blankGzip('blank.jsonl.gz', 8), { tickBytes: MB })) batches.push(b)
    const ticks = batches.filter((b) => b.tick)
    expect(ticks.length).toBeGreaterThanOrEqual(6)
    expect(ticks.every((t) => t.pairs.length === 0 && t.fraction < 1)).toBe(true)
    expect(ticks.map((t) => t.fraction)).toEqual([...ticks.map((t) => t.fraction)].sort((a, b) => a - b))
    expect(ticks[0].fraction).toBeGreaterThan(0)
    const last = batches.at(-1)!
    expect(last).toMatchObject({ fraction: 1, linesRead: 8 * MB / 64 + 1 })
    expect(last.tick).toBeUndefined()
    expect(last.pairs).toHaveLength(1)
  })

  test('stopping at the first tick ends the read without parsing the rest', async () => {
    const reader = readImportBatches(blankGzip('stop.jsonl.gz', 16), { tickBytes: MB })
    const first = await reader.next()
    expect(first.value).toMatchObject({ tick: true })
    expect(first.value!.fraction).toBeLessThan(0.5)
    await reader.return(undefined)
    expect(await reader.next()).toEqual({ done: true, value: undefined })
  })
})
