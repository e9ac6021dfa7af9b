// The held-out reward model's verdicts of a policy evaluation, in one statement: for every two
// policies (A picked before B) and every prompt both completed, the higher score wins, equal scores
// tie (as scoreOutcome in server/lib/policy-eval-stats.ts). Safe to run twice (ON CONFLICT).
import { db } from '../../db/client.ts'

export async function compareByRewardModel(evalId: string) {
  return db.$executeRaw`
    INSERT INTO "PolicyEvalVerdict" (id, "evalId", source, "policyAId", "policyBId", "promptId", outcome, detail)
    SELECT gen_random_uuid()::text, ${evalId}, 'REWARD_MODEL', a."policyId", b."policyId", a."promptId",
           (CASE WHEN a."rmScore" > b."rmScore" THEN 'A' WHEN a."rmScore" < b."rmScore" THEN 'B' ELSE 'TIE' END)::"EvalOutcome",
           jsonb_build_object('scoreA', a."rmScore", 'scoreB', b."rmScore")
    FROM "PolicyEvalSample" a
    JOIN "PolicyEvalPolicy" pa ON pa."evalId" = a."evalId" AND pa."policyId" = a."policyId"
    JOIN "PolicyEvalSample" b ON b."evalId" = a."evalId" AND b."promptId" = a."promptId"
    JOIN "PolicyEvalPolicy" pb ON pb."evalId" = b."evalId" AND pb."policyId" = b."policyId"
    WHERE a."evalId" = ${evalId} AND pa.position < pb.position AND a."rmScore" IS NOT NULL AND b."rmScore" IS NOT NULL
    ON CONFLICT ("evalId", source, "policyAId", "policyBId", "promptId") DO NOTHING`
}
