// The AI judge's verdicts of a policy evaluation: every two policies (A picked first) on every prompt
// both completed, judged in both orders; an order disagreement is a tie (judgeOutcome). A rating-mode
// (d-RLAIF) judge rates the two responses instead and the higher rating wins. Resumable: comparisons
// with a stored verdict are skipped, so a retry pays only for the rest. An unreadable answer is
// logged and left for the retry, never guessed.
import { db, Prisma } from '../../db/client.ts'
import { judgePair, type PairJudgement } from '../../judge/judge-pair.ts'
import { toChoice } from '../../judge/soft-label.ts'
import { judgeOutcome } from '../../lib/policy-eval-stats.ts'
import type { JobEvents } from '../jobs/create-job-event-sink.ts'
import { pickExemplars } from '../judges/pick-exemplars.ts'
import { judgeInPages, openEvalJudge } from './eval-judge-context.ts'

const PAGE = 128

type Pending = { aId: string; bId: string; promptId: string; prompt: string; a: string; b: string; key: string }

/** Every two policies of the evaluation (A picked first) on a prompt both completed, still without a judge verdict. */
const unjudged = (evalId: string) => Prisma.sql`
    FROM "PolicyEvalSample" a
    JOIN "PolicyEvalPolicy" pa ON pa."evalId" = a."evalId" AND pa."policyId" = a."policyId"
    JOIN "PolicyEvalSample" b ON b."evalId" = a."evalId" AND b."promptId" = a."promptId"
    JOIN "PolicyEvalPolicy" pb ON pb."evalId" = b."evalId" AND pb."policyId" = b."policyId"
    JOIN "Prompt" p ON p.id = a."promptId"
    WHERE a."evalId" = ${evalId} AND pa.position < pb.position
      AND NOT EXISTS (SELECT 1 FROM "PolicyEvalVerdict" v WHERE v."evalId" = a."evalId" AND v.source = 'JUDGE'
                      AND v."policyAId" = a."policyId" AND v."policyBId" = b."policyId" AND v."promptId" = a."promptId")`

function pendingPage(evalId: string, after: string) {
  return db.$queryRaw<Pending[]>`
    SELECT a."policyId" AS "aId", b."policyId" AS "bId", a."promptId", p.text AS prompt, a.completion AS a, b.completion AS b,
           a."policyId" || ':' || b."policyId" || ':' || a."promptId" AS key
    ${unjudged(evalId)}
      AND a."policyId" || ':' || b."policyId" || ':' || a."promptId" > ${after}
    ORDER BY key LIMIT ${PAGE}`
}

/** The stored verdict of one judgement: both orders' P(A), or the ratings of a rating-mode judge. */
function verdictOf(j: PairJudgement, tieBand: number) {
  if (j.ratings) return { outcome: toChoice(j.pA, tieBand), orderTie: false, pAFirst: null, pASecond: null, detail: { ratings: j.ratings } }
  const [ab, ba] = j.orders
  const pAFirst = ab.p1
  const pASecond = 1 - ba.p1 // in order BA the first shown is B: P(A) = P("2")
  return { ...judgeOutcome(pAFirst, pASecond, tieBand), pAFirst, pASecond, detail: { rationales: j.orders.map((o) => o.rationale ?? null), raw: j.orders.map((o) => o.raw) } }
}

export async function judgeEvalComparisons(evalId: string, opts: JobEvents, onProgress: (done: number, total: number) => Promise<void>) {
  const judge = await openEvalJudge(evalId, 'judge')
  if (!judge) return { judged: 0, unreadable: 0 }
  const ev = await db.policyEval.findUniqueOrThrow({ where: { id: evalId } })
  const exemplars = await pickExemplars(ev.projectId, judge.config.prompt.fewShot)
  const total = await pendingCount(evalId)
  await opts.emit({ type: 'log', message: `judging ${total} comparisons in both orders` })
  let after = ''
  return judgeInPages<Pending>(evalId, judge, opts, {
    next: async () => {
      const page = await pendingPage(evalId, after)
      after = page.at(-1)?.key ?? after
      return page
    },
    judge: async (c) => {
      const j = await judgePair(judge.provider, judge.config, { context: c.prompt, responseA: c.a, responseB: c.b }, exemplars, opts.signal)
      const v = verdictOf(j, judge.config.decision.tieBand)
      await db.policyEvalVerdict.createMany({ data: [{ evalId, source: 'JUDGE', policyAId: c.aId, policyBId: c.bId, promptId: c.promptId, ...v }], skipDuplicates: true })
      return j
    },
    unreadable: (c, e) => opts.emit({ type: 'log', level: 'WARN', message: `comparison ${c.key}: ${e.message}` }),
    progress: (done) => onProgress(done, total),
  })
}

async function pendingCount(evalId: string) {
  const [r] = await db.$queryRaw<{ n: bigint }[]>`SELECT count(*) AS n ${unjudged(evalId)}`
  return Number(r.n)
}
