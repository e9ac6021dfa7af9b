// A page of a reward model's pair scores (r(A), r(B), P(A)) beside the human reference (the one rule,
// README "The human reference", with the project's minHumanLabels), and how often the model agrees
// with it: on every scored pair with one, and on the held-out
// pairs alone: the split the trainer evaluated on, stored when the model was trained (pairs labelled
// since never join it). Models trained before that split was stored get it recomputed from their
// config as the worker did, which pairs labelled later can enter; the answer says which.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { findRewardModel } from './find-reward-model.ts'
import { readConfig } from './reward-model-view.ts'
import { sigmoid } from './score-playground.ts'
import { humanReferenceOf, referenceNote } from '../../lib/human-reference.ts'
import { unitHash } from '../../lib/pair-scope.ts'

export const SCORES_PAGE_SIZE = 25

const head = (s: string, n: number) => (s.length > n ? `${s.slice(0, n)}…` : s)

/** What a row shows of the prompt: the last human turn of a transcript (the one both responses
 * answer), "… " marking earlier turns left out; a plain instruction from its start. */
function lastTurn(prompt: string, n: number) {
  const text = prompt.replace(/\s*Assistant:\s*$/, '')
  const at = text.lastIndexOf('Human:')
  if (at < 0) return head(text.trim(), n)
  return `${text.slice(0, at).trim() ? '… ' : ''}${head(text.slice(at + 'Human:'.length).trim(), n)}`
}

/** Agreement with the human reference (A or B; a TIE reference is left out, as the trainer's accuracy does). */
async function agreement(rewardModelId: string, projectId: string, isHeldOut: (pairId: string) => boolean) {
  const rows = await db.$queryRaw<{ pairId: string; correct: boolean }[]>`
    SELECT s."pairId", (s."scoreA" > s."scoreB") = (h.reference = 'A') AS correct
    FROM "PairScore" s JOIN rl_human_references(${projectId}) h ON h."pairId" = s."pairId"
    WHERE s."rewardModelId" = ${rewardModelId} AND h.reference IN ('A', 'B')`
  const all = { correct: 0, pairs: 0 }
  const heldOut = { correct: 0, pairs: 0 }
  for (const r of rows) {
    for (const acc of isHeldOut(r.pairId) ? [all, heldOut] : [all]) {
      acc.pairs++
      if (r.correct) acc.correct++
    }
  }
  const rate = (x: typeof all) => ({ ...x, accuracy: x.pairs ? x.correct / x.pairs : null })
  return { all: rate(all), heldOut: rate(heldOut) }
}

/** Which pairs are held out: the stored split (one query for all of them), else the recomputed one. */
async function heldOutRule(rm: { id: string; config: unknown }) {
  const stored = await db.rewardModelHeldOutPair.findMany({ where: { rewardModelId: rm.id }, select: { pairId: true } })
  if (stored.length) {
    const ids = new Set(stored.map((r) => r.pairId))
    return { source: 'stored' as const, pairs: ids.size, isHeldOut: (pairId: string) => ids.has(pairId) }
  }
  const cfg = readConfig(rm.config)
  return { source: 'recomputed' as const, pairs: null, isHeldOut: (pairId: string) => (cfg ? unitHash(pairId, 'eval', cfg.seed) < cfg.evalShare : false) }
}

export async function listPairScores(actor: Actor, rewardModelId: string, page: number) {
  const rm = await findRewardModel(actor, rewardModelId)
  const heldOut = await heldOutRule(rm)
  const { isHeldOut } = heldOut
  const [total, scores, accuracy] = await Promise.all([
    db.pairScore.count({ where: { rewardModelId } }),
    db.pairScore.findMany({
      where: { rewardModelId }, orderBy: { pair: { ordinal: 'asc' } }, skip: (page - 1) * SCORES_PAGE_SIZE, take: SCORES_PAGE_SIZE,
      select: {
        scoreA: true, scoreB: true,
        pair: { select: { id: true, ordinal: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } } } },
      },
    }),
    agreement(rewardModelId, rm.projectId, isHeldOut),
  ])
  const { minHumanLabels } = await db.project.findUniqueOrThrow({ where: { id: rm.projectId }, select: { minHumanLabels: true } })
  const labels = await db.label.findMany({ where: { pairId: { in: scores.map((s) => s.pair.id) }, source: 'HUMAN' }, select: { pairId: true, choice: true } })
  const rows = scores.map(({ scoreA, scoreB, pair }) => {
    const majority = humanReferenceOf(labels.filter((l) => l.pairId === pair.id).map((l) => l.choice), minHumanLabels)
    return {
      pairId: pair.id, ordinal: pair.ordinal,
      prompt: lastTurn(pair.prompt.text, 200), responseA: head(pair.responseA.text, 200), responseB: head(pair.responseB.text, 200),
      scoreA, scoreB, probabilityA: sigmoid(scoreA - scoreB),
      humanMajority: majority, agrees: majority === 'A' || majority === 'B' ? (scoreA > scoreB) === (majority === 'A') : null,
      heldOut: heldOut.source === 'stored' ? isHeldOut(pair.id) : majority !== null && majority !== 'TIE' && isHeldOut(pair.id),
    }
  })
  /** Where the held-out split comes from, and (stored) how many pairs it has. */
  const heldOutSplit = { source: heldOut.source, pairs: heldOut.pairs }
  const reference = { minHumanLabels, note: referenceNote(minHumanLabels) }
  return { page, pageSize: SCORES_PAGE_SIZE, total, rows, accuracy, heldOutSplit, reference }
}
