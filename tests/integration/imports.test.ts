// Imports on a real database: the shipped datasets through importLocalFile (counts, idempotent
// re-import, PandaLM judge labels on the right pairs), bad lines in both modes, NUL and invalid UTF-8
// (warnings), progress and cancel on a file that fills no batch, the size limit, the worker path
// (createImport + the IMPORT task through runJob), and who may import. A database outage mid-import
// is in import-outage.test.ts (it needs a database of its own).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { db } from '@/server/db/client.ts'
import { getBoss, stopBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { createImport } from '@/server/services/imports/create-import.ts'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import { runJob } from '@/workers/run-job.ts'
import { importTask } from '@/workers/tasks/import.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

const DATA = path.resolve(import.meta.dirname, '../../../shared/datasets')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-imports-'))
const uploads = path.join(tmp, 'uploads')
let researcher: Actor

const line = (prompt: string, chosen: string, rejected: string) => JSON.stringify({ prompt, chosen, rejected })
/** 10 JSONL_PAIRS lines; line 3 is not JSON and line 7 lacks 'rejected'. */
function fileWithTwoBadLines(tag: string) {
  const lines = Array.from({ length: 10 }, (_, i) => line(`${tag} question ${i + 1}?`, `good answer ${i + 1}`, `bad answer ${i + 1}`))
  lines[2] = '{"prompt": "broken'
  lines[6] = JSON.stringify({ prompt: `${tag} q7`, chosen: 'x' })
  const file = path.join(tmp, `${tag}.jsonl`)
  fs.writeFileSync(file, lines.join('\n') + '\n')
  return file
}
const pairCount = (projectId: string) => db.pair.count({ where: { projectId } })
const uploadsLeft = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : [])

beforeAll(async () => {
  process.env.REWARDLAB_UPLOAD_DIR = uploads
  researcher = await makeUser('RESEARCHER')
})
afterAll(async () => {
  delete process.env.REWARDLAB_UPLOAD_DIR
  await stopBoss()
  fs.rmSync(tmp, { recursive: true, force: true })
})

describe('imports of the shipped datasets', () => {
  test('HH-RLHF .jsonl.gz: every line is a pair or a reported error; re-import adds nothing', async () => {
    const project = await makeProject({ owner: researcher })
    const input = { projectId: project.id, format: 'HH_RLHF', mode: 'SKIP_INVALID', filePath: path.join(DATA, 'hh-rlhf-harmless/test.jsonl.gz') } as const
    const first = await importLocalFile(researcher, input)
    expect(first.job.status).toBe('SUCCEEDED')
    expect(first.linesRead).toBe(2312)
    expect(first.pairsCreated).toBeGreaterThan(2250)
    expect(first.pairsCreated + first.pairsExisting + first.invalidLines).toBe(2312)
    expect(first.labelsCreated).toBe(first.pairsCreated)
    expect((first.errors as { line: number }[]).every((e) => e.line > 0)).toBe(true)
    expect(await pairCount(project.id)).toBe(first.pairsCreated)
    expect(await db.label.count({ where: { pair: { projectId: project.id }, source: 'HUMAN' } })).toBe(first.pairsCreated)

    const again = await importLocalFile(researcher, input)
    expect(again.job.status).toBe('SUCCEEDED')
    expect(again).toMatchObject({ pairsCreated: 0, labelsCreated: 0, pairsExisting: first.pairsCreated + first.pairsExisting })
    expect(await pairCount(project.id)).toBe(first.pairsCreated)
    expect(await db.prompt.count({ where: { projectId: project.id } })).toBeLessThanOrEqual(first.pairsCreated)
    expect(uploadsLeft()).toEqual([])
  })

  test('PandaLM test set: three human labels per pair; its GPT-3.5 judge file adds AI labels to the right pairs', async () => {
    const project = await makeProject({ owner: researcher })
    const testset = await importLocalFile(researcher, { projectId: project.id, format: 'PANDALM', mode: 'SKIP_INVALID', filePath: path.join(DATA, 'pandalm/testset-v1.json') })
    expect(testset.job.status).toBe('SUCCEEDED')
    expect(testset.pairsCreated).toBe(999) // every item its own pair: 99 items repeat another's text under a new idx
    expect(testset.labelsCreated).toBe(3 * testset.pairsCreated)
    const judgeFile = path.join(DATA, 'pandalm/judge-gpt-3.5-turbo-testset-v1.json')
    const judge = await importLocalFile(researcher, { projectId: project.id, format: 'PANDALM_JUDGE', mode: 'SKIP_INVALID', filePath: judgeFile, judgeName: 'gpt-3.5-turbo' })
    expect(judge.job.status).toBe('SUCCEEDED')
    expect(judge.pairsCreated).toBe(0)
    expect(judge.labelsCreated).toBe(974) // 999 verdicts less 25 unparsable ('garbage') ones
    expect(judge.invalidLines).toBe(25)
    const ai = await db.label.findMany({ where: { pair: { projectId: project.id }, source: 'AI' }, select: { choice: true, raterKey: true, pair: { select: { sourceRef: true } } } })
    expect(ai).toHaveLength(judge.labelsCreated)
    expect(new Set(ai.map((l) => l.raterKey))).toEqual(new Set(['judge:gpt-3.5-turbo']))
    // Each AI label is the judge's verdict on the test-set item the pair was imported from.
    const verdicts = new Map((JSON.parse(fs.readFileSync(judgeFile, 'utf8')) as { idx: number; gpt_result: string }[]).map((j) => [`pandalm:${j.idx}`, j.gpt_result]))
    const expected = { '1': 'A', '2': 'B', Tie: 'TIE' } as Record<string, string>
    for (const l of ai) expect(l.choice).toBe(expected[String(verdicts.get(l.pair.sourceRef!)).trim()])
    // Judging again adds nothing.
    const again = await importLocalFile(researcher, { projectId: project.id, format: 'PANDALM_JUDGE', mode: 'SKIP_INVALID', filePath: judgeFile })
    expect(again.labelsCreated).toBe(0)
  })

  test('a judge file before its test set: ALL_OR_NOTHING refuses it with the unmatched items', async () => {
    const project = await makeProject({ owner: researcher })
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'PANDALM_JUDGE', mode: 'ALL_OR_NOTHING', filePath: path.join(DATA, 'pandalm/judge-gpt-3.5-turbo-testset-v1.json') })
    expect(imp.job.status).toBe('FAILED')
    expect(imp.job.error).toMatch(/invalid lines; nothing imported \(first: /)
    expect(imp.labelsCreated).toBe(0)
    expect(await db.label.count({ where: { pair: { projectId: project.id } } })).toBe(0)
  })
})

describe('invalid lines', () => {
  test('SKIP_INVALID imports the valid rest and records the bad lines with their numbers', async () => {
    const project = await makeProject({ owner: researcher })
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: fileWithTwoBadLines('skip') })
    expect(imp.job.status).toBe('SUCCEEDED')
    expect(imp).toMatchObject({ linesRead: 10, pairsCreated: 8, labelsCreated: 8, invalidLines: 2 })
    const errors = imp.errors as { line: number; reason: string }[]
    expect(errors.map((e) => e.line)).toEqual([3, 7])
    expect(errors[1].reason).toMatch(/rejected/)
    expect(await pairCount(project.id)).toBe(8)
  })

  test('ALL_OR_NOTHING imports nothing, fails the job with a readable error and keeps the errors', async () => {
    const project = await makeProject({ owner: researcher })
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'ALL_OR_NOTHING', filePath: fileWithTwoBadLines('all') })
    expect(imp.job.status).toBe('FAILED')
    expect(imp.job.error).toMatch(/^2 invalid lines; nothing imported \(first: line 3/)
    expect(imp).toMatchObject({ pairsCreated: 0, labelsCreated: 0, invalidLines: 2 })
    expect((imp.errors as { line: number }[]).map((e) => e.line)).toEqual([3, 7])
    expect(await pairCount(project.id)).toBe(0)
    expect(await db.prompt.count({ where: { projectId: project.id } })).toBe(0)
    expect(uploadsLeft()).toEqual([])
  })

  test('ALL_OR_NOTHING with a valid file imports everything; gzip is told by its bytes, not its name', async () => {
    const project = await makeProject({ owner: researcher })
    const file = path.join(tmp, 'gzipped-but-named.jsonl')
    fs.writeFileSync(file, zlib.gzipSync(Array.from({ length: 1200 }, (_, i) => line(`gz q${i}`, `yes ${i}`, `no ${i}`)).join('\n')))
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'ALL_OR_NOTHING', filePath: file })
    expect(imp.job.status).toBe('SUCCEEDED')
    expect(imp).toMatchObject({ linesRead: 1200, pairsCreated: 1200, invalidLines: 0 })
    const ordinals = await db.pair.findMany({ where: { projectId: project.id }, orderBy: { ordinal: 'asc' }, select: { prompt: { select: { text: true } } }, take: 3 })
    expect(ordinals.map((p) => p.prompt.text)).toEqual(['gz q0', 'gz q1', 'gz q2'])
  })

  test('a plain file named .gz imports; a corrupt gzip and an empty file fail with a reason', async () => {
    const project = await makeProject({ owner: researcher })
    const run = (name: string, bytes: Buffer | string) => {
      const file = path.join(tmp, name)
      fs.writeFileSync(file, bytes)
      return importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: file })
    }
    const plain = await run('plain.jsonl.gz', line('named gz', 'a', 'b') + '\n')
    expect(plain).toMatchObject({ pairsCreated: 1, job: { status: 'SUCCEEDED' } })
    const corrupt = await run('corrupt.jsonl.gz', Buffer.concat([Buffer.from([0x1f, 0x8b]), Buffer.from('not really gzip')]))
    expect(corrupt.job.status).toBe('FAILED')
    expect(corrupt.job.error).toMatch(/could not be read/)
    expect((corrupt.errors as { line: number }[])[0].line).toBe(0)
    const empty = await run('empty.jsonl', '')
    expect(empty.job.status).toBe('FAILED')
    expect(empty.job.error).toMatch(/no records/)
  })

  test('ALL_OR_NOTHING cancelled after batches were written leaves nothing: they were never committed', async () => {
    const project = await makeProject({ owner: researcher })
    const file = path.join(tmp, 'cancel.jsonl')
    fs.writeFileSync(file, Array.from({ length: 1500 }, (_, i) => line(`cancel q${i}`, `yes ${i}`, `no ${i}`)).join('\n'))
    const abort = new AbortController()
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'ALL_OR_NOTHING', filePath: file }, {
      signal: abort.signal,
      onProgress: async (_f, phase) => {
        if (!phase.startsWith('importing')) return
        // A batch went in (its counts are in the phase), inside the one transaction nobody else sees.
        expect(phase).toMatch(/^importing: 500 new pairs/)
        expect(await pairCount(project.id)).toBe(0)
        abort.abort()
      },
    })
    expect(imp.job.status).toBe('CANCELLED')
    expect(imp).toMatchObject({ pairsCreated: 0, labelsCreated: 0 })
    expect(await pairCount(project.id)).toBe(0)
    expect(await db.prompt.count({ where: { projectId: project.id } })).toBe(0)
    expect(await db.response.count({ where: { prompt: { projectId: project.id } } })).toBe(0)
  })
})

describe('NUL and invalid UTF-8 (warnings)', () => {
  /** Line 2 has an escaped NUL in its prompt, line 3 a byte that is not UTF-8; lines 1 and 4 are plain. */
  function fileWithBadBytes(tag: string) {
    const file = path.join(tmp, `${tag}.jsonl`)
    fs.writeFileSync(file, Buffer.concat([
      Buffer.from([line(`${tag} one`, 'a', 'b'), line(`${tag} two\u0000`, 'a', 'b'), ''].join('\n')),
      Buffer.from(`{"prompt": "${tag} thr`), Buffer.from([0xe9]), Buffer.from('e", "chosen": "a", "rejected": "b"}\n'),
      Buffer.from(line(`${tag} four`, 'a', 'b')),
    ]))
    return file
  }

  test.each(['SKIP_INVALID', 'ALL_OR_NOTHING'] as const)('%s: every line is imported; the NUL is removed and both lines are warnings', async (mode) => {
    const project = await makeProject({ owner: researcher })
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode, filePath: fileWithBadBytes(`bytes-${mode}`) })
    expect(imp.job.error).toBeNull()
    expect(imp).toMatchObject({ linesRead: 4, pairsCreated: 4, invalidLines: 0, warningCount: 2, job: { status: 'SUCCEEDED' } })
    expect((imp.warnings as { line: number; reason: string }[]).map((w) => [w.line, w.reason.split(':')[1].trim().slice(0, 18)]))
      .toEqual([[2, 'a NUL character (\\'], [3, 'invalid UTF-8 byte']])
    const prompts = (await db.prompt.findMany({ where: { projectId: project.id }, select: { text: true } })).map((p) => p.text).sort()
    expect(prompts).toEqual([`bytes-${mode} four`, `bytes-${mode} one`, `bytes-${mode} thr\uFFFDe`, `bytes-${mode} two`])
    const view = await callerFor(researcher).imports.get({ importId: imp.id })
    expect(view.warnings.map((w) => w.line)).toEqual([2, 3])
  })
})

describe('a file that fills no batch (a gzip of blank lines)', () => {
  /** 32 MiB of blank lines, gzipped to a few kB, and one valid pair at its very end. */
  function blankLines(name: string) {
    const file = path.join(tmp, name)
    const blanks = Buffer.alloc(32 * 1024 * 1024, Buffer.from(' '.repeat(15) + '\n'))
    fs.writeFileSync(file, zlib.gzipSync(Buffer.concat([blanks, Buffer.from('\n'.repeat(1000) + line(`${name} last`, 'a', 'b'))])))
    return file
  }

  test('progress is reported while it is read, not only at its end', async () => {
    const project = await makeProject({ owner: researcher })
    const reports: number[] = []
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: blankLines('blank-progress.jsonl.gz') }, {
      onProgress: (fraction, phase) => { if (phase !== 'done') reports.push(fraction) },
    })
    expect(imp).toMatchObject({ pairsCreated: 1, linesRead: 2 * 1024 * 1024 + 1001, job: { status: 'SUCCEEDED' } })
    expect(reports.some((f) => f > 0 && f < 1)).toBe(true)
  })

  test.each(['SKIP_INVALID', 'ALL_OR_NOTHING'] as const)('%s: a cancel stops it before its end', async (mode) => {
    const project = await makeProject({ owner: researcher })
    const abort = new AbortController()
    const reports: number[] = []
    const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode, filePath: blankLines(`blank-cancel-${mode}.jsonl.gz`) }, {
      signal: abort.signal,
      onProgress: (fraction) => { reports.push(fraction); abort.abort() },
    })
    expect(imp.job.status).toBe('CANCELLED')
    expect(reports).toHaveLength(1) // nothing after the cancel
    expect(reports[0]).toBeLessThan(mode === 'ALL_OR_NOTHING' ? 0.3 : 1) // still in the check pass / before the end
    expect(await pairCount(project.id)).toBe(0) // the pair on the last line was never reached
  })
})

describe('uploads', () => {
  test('an upload over the size limit is refused with PAYLOAD_TOO_LARGE and leaves no file', async () => {
    const project = await makeProject({ owner: researcher })
    process.env.REWARDLAB_MAX_UPLOAD_BYTES = '1000'
    try {
      const body = Readable.from([Buffer.alloc(600, 0x61), Buffer.alloc(600, 0x61)])
      await expect(createImport(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filename: 'big.jsonl', body }))
        .rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
      await expect(createImport(researcher, { projectId: project.id, format: 'JSONL_PAIRS', filename: 'big.jsonl', body: Readable.from([]), declaredBytes: 5000 }))
        .rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' })
    } finally {
      delete process.env.REWARDLAB_MAX_UPLOAD_BYTES
    }
    expect(uploadsLeft()).toEqual([])
    expect(await db.import.count({ where: { projectId: project.id } })).toBe(0)
  })

  test('the worker path: createImport enqueues, the IMPORT task runs through runJob and succeeds', async () => {
    const project = await makeProject({ owner: researcher })
    const body = Readable.from([Array.from({ length: 25 }, (_, i) => line(`worker q${i}`, `fine ${i}`, `rude ${i}`)).join('\n')])
    const imp = await createImport(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filename: 'w.jsonl', body })
    expect(imp.job.status).toBe('QUEUED')
    expect(fs.existsSync(imp.storedPath)).toBe(true)
    expect(await db.auditLog.findFirst({ where: { entityId: imp.id, action: 'import.create' } })).not.toBeNull()
    // A worker running against this database (a dev server, another e2e run) would race this test
    // for the message: take it off the queue, and if one got it first, wait for that worker instead.
    await (await getBoss()).cancel(JOB_CONTRACT.IMPORT.queue, imp.job.queueJobId!)
    if ((await db.job.findUniqueOrThrow({ where: { id: imp.jobId } })).status === 'QUEUED') {
      await runJob('IMPORT', { jobId: imp.jobId }, new AbortController().signal, importTask, { retries: false })
    }
    for (let i = 0; i < 100 && ['QUEUED', 'RUNNING'].includes((await db.job.findUniqueOrThrow({ where: { id: imp.jobId } })).status); i++) {
      await new Promise((r) => setTimeout(r, 100))
    }
    const job = await db.job.findUniqueOrThrow({ where: { id: imp.jobId } })
    expect(job).toMatchObject({ status: 'SUCCEEDED', progress: 1 })
    const view = await callerFor(researcher).imports.get({ importId: imp.id })
    expect(view).toMatchObject({ pairsCreated: 25, labelsCreated: 25, invalidLines: 0, job: { status: 'SUCCEEDED' } })
    expect(view).not.toHaveProperty('storedPath')
    expect(fs.existsSync(imp.storedPath)).toBe(false)
    const history = await callerFor(researcher).imports.list({ projectId: project.id })
    expect(history.map((h) => h.id)).toEqual([imp.id])
  })

  test('the upload form helpers: formats with limits, and the format guess', async () => {
    const api = callerFor(researcher)
    const info = await api.imports.formats()
    expect(info.formats.map((f) => f.id)).toContain('ALPACA_EVAL')
    expect(info.maxUploadBytes).toBe(200 * 1024 * 1024)
    const sample = zlib.gunzipSync(fs.readFileSync(path.join(DATA, 'hh-rlhf-harmless/test.jsonl.gz'))).subarray(0, 4096).toString('utf8')
    expect(await api.imports.sniff({ sample })).toEqual({ format: 'HH_RLHF' })
  })
})

describe('who may import', () => {
  test('annotators are refused, even on a project they are assigned to', async () => {
    const annotator = await makeUser('ANNOTATOR')
    const project = await makeProject({ owner: researcher, members: [annotator] })
    await expect(createImport(annotator, { projectId: project.id, format: 'JSONL_PAIRS', filename: 'x.jsonl', body: Readable.from(['{}']) }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(importLocalFile(annotator, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: fileWithTwoBadLines('annotator') }))
      .rejects.toMatchObject({ code: 'FORBIDDEN' })
    await expect(callerFor(annotator).imports.list({ projectId: project.id })).rejects.toMatchObject({ code: 'FORBIDDEN' })
    expect(uploadsLeft()).toEqual([])
  })
})
