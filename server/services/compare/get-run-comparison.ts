// One comparison of a project's policy runs, for the compare page and its JSON/CSV export: the runs
// with their label-source tags, their training curves (reward, KL, entropy), a configuration diff,
// the completions of the evaluation prompts side by side, and the policy evaluations of these runs. Staff only, like policies.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from '../policies/find-policy.ts'
import { readPolicySamples } from '../policies/read-policy-samples.ts'
import { alignRunSamples } from './align-run-samples.ts'
import { compareRunConfigs } from './compare-run-configs.ts'
import { compareRunSelect, toCompareRun } from './compare-runs-select.ts'
import { readRunCurves } from './read-run-curves.ts'
import { readRunEvaluations } from './read-run-evaluations.ts'

/** A line colour each (the chart palette) and a readable table. */
export const MAX_COMPARED_RUNS = 8

export async function getRunComparison(actor: Actor, input: { projectId: string; policyIds: string[] }) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, input.projectId)
  const ids = [...new Set(input.policyIds)].slice(0, MAX_COMPARED_RUNS)
  const found = await db.policy.findMany({ where: { id: { in: ids }, projectId: input.projectId }, select: compareRunSelect })
  if (found.length !== ids.length) throw notFound('Policy')
  // The order the researcher picked them in (the URL's order): columns, legend and colours follow it.
  const rows = ids.map((id) => found.find((r) => r.id === id)!)
  const runs = rows.map(toCompareRun)
  const [curves, steps, evaluations] = await Promise.all([
    readRunCurves(rows),
    Promise.all(rows.map((r) => readPolicySamples(r.jobId, 'ends'))),
    readRunEvaluations(ids),
  ])
  return {
    projectId: input.projectId,
    runs: runs.map((r, i) => ({ ...r, summary: (rows[i].summary ?? {}) as Record<string, number> })),
    curves,
    config: compareRunConfigs(runs.map((r, i) => ({ ...r, config: rows[i].config }))),
    samples: alignRunSamples(runs.map((r, i) => ({ id: r.id, kind: r.kind, parent: r.parent, steps: steps[i] }))),
    evaluations,
  }
}
export type RunComparison = Awaited<ReturnType<typeof getRunComparison>>
