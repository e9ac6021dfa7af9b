// The headline figures of a policy evaluation, from SQL aggregates over its stored generations and
// verdicts: the win-rate matrix per source (judge, held-out RM) with 95% intervals and ties, each
// policy's mean length, EOS rate, held-out score and harmless rate, and the judge's position bias.
// Written to the row after each phase, so a running evaluation already shows what it has.
import fs from 'node:fs'
import path from 'node:path'
import readline from 'node:readline'
import { db } from '../../db/client.ts'
import { wilson } from '../../lib/benchmark-stats.ts'
import { rewardModelDir } from '../../lib/paths.ts'
import { firstPositionRate, winRate, type WinRate } from '../../lib/policy-eval-stats.ts'

export type EvalMatrixCell = WinRate & { source: 'JUDGE' | 'REWARD_MODEL'; policyAId: string; policyBId: string; orderTies: number }
export type EvalPolicyFigures = {
  policyId: string; samples: number; meanTokens: number; meanChars: number; eosRate: number; meanRmScore: number | null
  harmless: { rate: number; low: number; high: number; n: number } | null
}
export type PolicyEvalSummary = {
  matrix: EvalMatrixCell[]
  policies: EvalPolicyFigures[]
  judge: { firstPositionRate: number | null; orderDisagreement: number | null; comparisons: number } | null
  /** Training labels (pair + source) the held-out RM shares with the compared policies' RMs; null = files missing. */
  heldOutSharedLabels: number | null
}

async function matrix(evalId: string): Promise<EvalMatrixCell[]> {
  const rows = await db.$queryRaw<{ source: 'JUDGE' | 'REWARD_MODEL'; a: string; b: string; wins: number; losses: number; ties: number; order_ties: number }[]>`
    SELECT source, "policyAId" AS a, "policyBId" AS b, count(*) FILTER (WHERE outcome = 'A')::int AS wins,
           count(*) FILTER (WHERE outcome = 'B')::int AS losses, count(*) FILTER (WHERE outcome = 'TIE')::int AS ties,
           count(*) FILTER (WHERE "orderTie")::int AS order_ties
    FROM "PolicyEvalVerdict" WHERE "evalId" = ${evalId} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`
  return rows.map((r) => ({ source: r.source, policyAId: r.a, policyBId: r.b, orderTies: r.order_ties, ...winRate(r.wins, r.losses, r.ties)! }))
}

async function policyFigures(evalId: string): Promise<EvalPolicyFigures[]> {
  const rows = await db.$queryRaw<{ policyId: string; n: number; tokens: number; chars: number; eos: number; rm: number | null; harmless: number; judged: number }[]>`
    SELECT s."policyId", count(*)::int AS n, avg(s.tokens)::float8 AS tokens, avg(length(s.completion))::float8 AS chars,
           avg(s.eos::int)::float8 AS eos, avg(s."rmScore")::float8 AS rm,
           count(*) FILTER (WHERE s.harmful = false)::int AS harmless, count(s.harmful)::int AS judged
    FROM "PolicyEvalSample" s JOIN "PolicyEvalPolicy" p ON p."evalId" = s."evalId" AND p."policyId" = s."policyId"
    WHERE s."evalId" = ${evalId} GROUP BY s."policyId", p.position ORDER BY p.position`
  return rows.map((r) => ({
    policyId: r.policyId, samples: r.n, meanTokens: r.tokens, meanChars: r.chars, eosRate: r.eos, meanRmScore: r.rm,
    harmless: r.judged ? (({ value, low, high }) => ({ rate: value, low, high, n: r.judged }))(wilson(r.harmless, r.judged)) : null,
  }))
}

async function judgeBias(evalId: string) {
  const orders = await db.policyEvalVerdict.findMany({
    where: { evalId, source: 'JUDGE', pAFirst: { not: null }, pASecond: { not: null } }, select: { pAFirst: true, pASecond: true, orderTie: true },
  })
  if (!orders.length) return null
  return {
    firstPositionRate: firstPositionRate(orders as { pAFirst: number; pASecond: number }[]),
    orderDisagreement: orders.filter((o) => o.orderTie).length / orders.length, comparisons: orders.length,
  }
}

/** The (pair, source) keys of a reward model's training split, from its pairs file; null when the file is gone. */
async function trainLabels(rewardModelId: string): Promise<Set<string> | null> {
  const file = path.join(rewardModelDir(rewardModelId), 'pairs.jsonl')
  if (!fs.existsSync(file)) return null
  const keys = new Set<string>()
  for await (const line of readline.createInterface({ input: fs.createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
    if (!line.trim()) continue
    const r = JSON.parse(line) as { pairId: string; source: string; split: string }
    if (r.split === 'train') keys.add(`${r.pairId}:${r.source}`)
  }
  return keys
}

async function sharedLabels(heldOutId: string | null, rmIds: string[]): Promise<number | null> {
  if (!heldOutId) return null
  const held = await trainLabels(heldOutId)
  if (!held) return null
  let shared = 0
  const seen = new Set<string>()
  for (const id of rmIds) {
    const keys = await trainLabels(id)
    if (!keys) return null
    for (const k of keys) if (held.has(k) && !seen.has(k)) { seen.add(k); shared++ }
  }
  return shared
}

export async function summarisePolicyEval(evalId: string): Promise<PolicyEvalSummary> {
  const ev = await db.policyEval.findUniqueOrThrow({ where: { id: evalId }, include: { policies: { include: { policy: { select: { rewardModelId: true } } } } } })
  const prior = ev.summary as PolicyEvalSummary | null
  const rmIds = [...new Set(ev.policies.map((p) => p.policy.rewardModelId).filter((x): x is string => x !== null))]
  const summary: PolicyEvalSummary = {
    matrix: await matrix(evalId), policies: await policyFigures(evalId), judge: await judgeBias(evalId),
    // The training files do not change during an evaluation: read them once, then keep the count.
    heldOutSharedLabels: prior && 'heldOutSharedLabels' in prior ? prior.heldOutSharedLabels : await sharedLabels(ev.rewardModelId, rmIds),
  }
  await db.policyEval.update({ where: { id: evalId }, data: { summary } })
  return summary
}
