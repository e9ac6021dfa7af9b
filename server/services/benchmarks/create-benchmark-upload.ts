// A benchmark set from an uploaded file, read by the import parsers with the imports' limits (upload
// size, decompressed size, field length) and their line-level errors: RewardBench-style JSON Lines
// {prompt, chosen, rejected, subset} (JSONL_PAIRS), or another format whose pairs carry a human
// preference. The file is read while the request waits (a set is small next to an import: at most
// REWARDLAB_MAX_BENCHMARK_PAIRS pairs) and into one transaction, so a set is stored whole or not at
// all; the uploaded bytes are deleted afterwards. SKIP_INVALID keeps the valid pairs and lists the
// others on the set; ALL_OR_NOTHING stores nothing when any line is invalid and says which.
import fs from 'node:fs'
import { z } from 'zod'
import { BenchmarkTemplate, db, ImportMode } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { charCount } from '../../lib/benchmark-stats.ts'
import { badRequest } from '../../lib/errors.ts'
import { newRowId } from '../../lib/new-row-id.ts'
import { majorityLabel } from '../agreement/stats.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { maxUploadBytes } from '../imports/import-limits.ts'
import type { ParsedPair } from '../imports/parsers/index.ts'
import { readImportBatches, type LineError } from '../imports/read-import-batches.ts'
import { storeUpload, tooLarge, type UploadBody } from '../imports/store-upload.ts'
import { assertSetNameFree, BENCHMARK_FORMATS, BENCHMARK_STAFF_ONLY, benchmarkNameSchema, MAX_REASONS, maxBenchmarkPairs, NO_SUBSET, tooManyPairs, withUniqueName } from './benchmark-sets.ts'

export const benchmarkUploadSchema = z.object({
  name: benchmarkNameSchema,
  format: z.enum(BENCHMARK_FORMATS).default('JSONL_PAIRS'),
  mode: z.enum(ImportMode).default('SKIP_INVALID'),
  template: z.enum(BenchmarkTemplate).default('AS_IS'),
  filename: z.string().trim().min(1).max(255),
})

export type BenchmarkUploadInput = z.input<typeof benchmarkUploadSchema> & { body: UploadBody; declaredBytes?: number | null }

/** The preferred side by the file's labels (their majority), or why the pair cannot be a benchmark pair. */
function orient(pair: ParsedPair): { chosen: string; rejected: string } | string {
  const majority = majorityLabel(pair.labels.map((l) => l.choice))
  if (majority === 'A') return { chosen: pair.responseA, rejected: pair.responseB }
  if (majority === 'B') return { chosen: pair.responseB, rejected: pair.responseA }
  return majority === 'TIE' || pair.labels.length
    ? 'its labels prefer neither response (a tie): a benchmark pair needs a preferred response'
    : 'it has no label: a benchmark pair needs a preferred response (A or B)'
}

/** The first reasons, for an ALL_OR_NOTHING refusal's message. */
const firstReasons = (reasons: LineError[], count: number) =>
  `${reasons.slice(0, 5).map((r) => r.reason).join('; ')}${count > 5 ? `; … (${count.toLocaleString('en')} in all)` : ''}`

export async function createBenchmarkUpload(actor: Actor, input: BenchmarkUploadInput) {
  assertStaff(actor, BENCHMARK_STAFF_ONLY)
  const opts = benchmarkUploadSchema.parse(input)
  await assertSetNameFree(db, opts.name) // before the upload is read: a taken name wastes no transfer
  const limit = maxUploadBytes()
  if (input.declaredBytes && input.declaredBytes > limit) throw tooLarge(limit)
  const file = await storeUpload(input.body, limit)
  const max = maxBenchmarkPairs()
  try {
    return await withUniqueName(opts.name, () => db.$transaction(async (tx) => {
      await assertSetNameFree(tx, opts.name)
      const set = await tx.benchmarkSet.create({
        data: { name: opts.name, source: 'UPLOAD', template: opts.template, filename: opts.filename, format: opts.format, pairCount: 0, createdById: actor.id },
      })
      const reasons: LineError[] = []
      let skipped = 0
      let stored = 0
      const skip = (e: LineError) => {
        if (e.line === 0) throw badRequest(`The file could not be read as ${opts.format}: ${e.reason}`)
        skipped++
        if (reasons.length < MAX_REASONS) reasons.push(e)
      }
      for await (const batch of readImportBatches({ storedPath: file.path, format: opts.format, judgeName: null })) {
        batch.errors.forEach(skip)
        const rows = []
        for (const { line, pair } of batch.pairs) {
          const side = orient(pair)
          if (typeof side === 'string') {
            skip({ line, reason: `line ${line}: ${side}` })
            continue
          }
          rows.push({
            id: newRowId(), setId: set.id, ordinal: stored++, subset: pair.subset ?? NO_SUBSET, prompt: pair.prompt, ...side,
            chosenChars: charCount(side.chosen), rejectedChars: charCount(side.rejected), sourceRef: `line ${line}`,
          })
        }
        if (stored > max) throw tooManyPairs(max)
        if (rows.length) await tx.benchmarkPair.createMany({ data: rows })
      }
      if (skipped && opts.mode === 'ALL_OR_NOTHING') {
        throw badRequest(`${skipped.toLocaleString('en')} invalid ${skipped === 1 ? 'line' : 'lines'}, so nothing was stored (all or nothing): ${firstReasons(reasons, skipped)}`)
      }
      if (stored === 0) throw badRequest(`The file has no usable pairs${skipped ? `: ${firstReasons(reasons, skipped)}` : ''}`)
      const done = await tx.benchmarkSet.update({ where: { id: set.id }, data: { pairCount: stored, skipped, skippedReasons: reasons } })
      await recordAudit(tx, {
        userId: actor.id, action: 'benchmark.create', entityType: 'BenchmarkSet', entityId: set.id,
        detail: { name: opts.name, source: 'UPLOAD', filename: opts.filename, format: opts.format, mode: opts.mode, bytes: file.bytes, pairs: stored, skipped },
      })
      return done
    }, { timeout: 10 * 60_000 }))
  } finally {
    await fs.promises.rm(file.path, { force: true })
  }
}
