// Writes judged pairs: per pair the AI Label (choice binarised from P(A), the soft probability, the
// CoT rationale) and its JudgeVerdict (per-order probabilities, raw answers, tokens, cost, config
// version). Buffered: one transaction per batch with asynchronous commit, since a commit (an fsync)
// per pair was the run's largest cost outside the endpoint. A crash loses at most the last batch,
// which the resumed run judges again; a label this rater key already has (a concurrent duplicate
// run) wins and is not counted. A write that fails is tried again (judged labels cost money): the
// batch stays pending until a write succeeds, and `unstored()` tells the caller what is still
// unwritten, so a failure is always reported, never dropped.
import { db, Prisma } from '../../db/client.ts'
import type { PairJudgement } from '../../judge/judge-pair.ts'
import { toChoice } from '../../judge/soft-label.ts'
import { newRowId } from '../../lib/new-row-id.ts'

/** projectId: the judged pairs' project (the judge's), copied into each Label. */
export type JudgementTarget = { runId: string; projectId: string; configVersion: number; raterKey: string; raterName: string; tieBand: number }

// Pairs per transaction, and the longest a judged pair waits unwritten.
const BATCH = 32
const MAX_WAIT_MS = 500
/** Tries per write and the first pause between them (doubling): rides out a database restart of a few seconds. */
const WRITE_TRIES = 4
const WRITE_RETRY_MS = 500

export function createJudgementWriter(t: JudgementTarget, onStored: (n: number) => void) {
  let buffer: { pairId: string; j: PairJudgement }[] = []
  /** Taken from the buffer, not yet stored: written in order, first to last. */
  const pending: typeof buffer = []
  let oldest = 0
  let writing: Promise<void> = Promise.resolve()

  async function writeWithRetries(batch: typeof buffer) {
    for (let i = 1; ; i++) {
      try {
        return await write(batch)
      } catch (e) {
        if (i >= WRITE_TRIES) throw e
        await new Promise((r) => setTimeout(r, WRITE_RETRY_MS * 2 ** (i - 1)))
      }
    }
  }

  async function write(batch: typeof buffer) {
    const labels = batch.map(({ pairId, j }) => ({ id: newRowId(), pairId, j }))
    const stored = await db.$transaction(async (tx) => {
      await tx.$executeRaw`SET LOCAL synchronous_commit TO off`
      const rows = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "Label" (id, "pairId", "projectId", source, choice, probability, rationale, "raterKey", "raterName", "createdAt")
        VALUES ${Prisma.join(labels.map(({ id, pairId, j }) => Prisma.sql`(${id}, ${pairId}, ${t.projectId}, 'AI', ${toChoice(j.pA, t.tieBand)}::"Choice", ${j.pA}, ${rationaleOf(j)}, ${t.raterKey}, ${t.raterName}, now() AT TIME ZONE 'UTC')`))}
        ON CONFLICT ("pairId", "raterKey") DO NOTHING
        RETURNING id`
      const kept = new Set(rows.map((r) => r.id))
      await tx.judgeVerdict.createMany({ data: labels.filter((l) => kept.has(l.id)).map(({ id, j }) => verdictRow(t, id, j)) })
      return kept.size
    })
    onStored(stored)
  }

  /** Writes what is buffered and whatever an earlier failed write left pending; rejects while something stays unstored. */
  function flush() {
    pending.push(...buffer)
    buffer = []
    // An earlier failure was reported to whoever awaited it; its batch is still pending and goes first.
    writing = writing.catch(() => undefined).then(async () => {
      while (pending.length) {
        const batch = pending.slice(0, BATCH)
        await writeWithRetries(batch)
        pending.splice(0, batch.length)
      }
    })
    return writing
  }

  return {
    async add(pairId: string, j: PairJudgement) {
      if (!buffer.length) oldest = Date.now()
      buffer.push({ pairId, j })
      if (buffer.length >= BATCH || Date.now() - oldest >= MAX_WAIT_MS) await flush()
    },
    flush,
    /** Judged pairs not stored yet (buffered or pending after a failed write). */
    unstored: () => pending.length + buffer.length,
  }
}

function rationaleOf(j: PairJudgement) {
  return j.orders.filter((o) => o.rationale).map((o) => `[${o.order}] ${o.rationale}`).join('\n\n') || null
}

function verdictRow(t: JudgementTarget, labelId: string, j: PairJudgement) {
  const p1 = (order: 'AB' | 'BA') => j.orders.find((o) => o.order === order)?.p1 ?? null
  return {
    labelId, judgeRunId: t.runId, configVersion: t.configVersion, hard: j.hard,
    p1AB: p1('AB'), p1BA: p1('BA'), ratingA: j.ratings?.a ?? null, ratingB: j.ratings?.b ?? null,
    raw: { orders: j.orders, ratings: j.ratings ?? null, requests: j.requests },
    promptTokens: j.promptTokens, completionTokens: j.completionTokens, costUsd: j.costUsd,
  }
}
