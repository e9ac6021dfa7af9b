// One policy evaluation with a page of its prompts: each prompt's completion by every policy (length,
// EOS, held-out score, harm verdict) and the judge's and the RM's verdicts on them, side by side.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { findPolicyEval } from './find-policy-eval.ts'
import { policyEvalViewSelect, toPolicyEvalView } from './policy-eval-view.ts'

export async function getPolicyEval(actor: Actor, evalId: string, page: { offset: number; limit: number }) {
  await findPolicyEval(actor, evalId)
  const ev = toPolicyEvalView(await db.policyEval.findUniqueOrThrow({ where: { id: evalId }, select: policyEvalViewSelect }))
  const promptIds = (await db.policyEvalSample.findMany({
    where: { evalId }, distinct: ['promptId'], orderBy: { promptId: 'asc' }, skip: page.offset, take: page.limit, select: { promptId: true },
  })).map((r) => r.promptId)
  const [prompts, samples, verdicts, total] = await Promise.all([
    db.prompt.findMany({ where: { id: { in: promptIds } }, select: { id: true, text: true } }),
    db.policyEvalSample.findMany({ where: { evalId, promptId: { in: promptIds } }, select: { policyId: true, promptId: true, completion: true, tokens: true, eos: true, rmScore: true, harmful: true } }),
    db.policyEvalVerdict.findMany({ where: { evalId, promptId: { in: promptIds } }, select: { source: true, policyAId: true, policyBId: true, promptId: true, outcome: true, orderTie: true, pAFirst: true, pASecond: true } }),
    db.policyEvalSample.groupBy({ by: ['promptId'], where: { evalId } }).then((g) => g.length),
  ])
  const text = new Map(prompts.map((p) => [p.id, p.text]))
  const rows = promptIds.map((id) => ({
    promptId: id, prompt: text.get(id) ?? '',
    samples: samples.filter((s) => s.promptId === id),
    verdicts: verdicts.filter((v) => v.promptId === id),
  }))
  return { ...ev, prompts: { total, offset: page.offset, rows } }
}
