// A benchmark set copied from a project's pairs: every pair whose human reference prefers one (A or B;
// unlabelled pairs and ties are left out, counted), the majority's response as `chosen`. A copy, made
// once: labels and pairs added to the project later never change the set, and the set's pairs are
// never the project's, so no training run can read them. The subset of a pair is the name of the
// file it was imported from.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { badRequest } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { assertSetNameFree, BENCHMARK_STAFF_ONLY, maxBenchmarkPairs, tooManyPairs, withUniqueName } from './benchmark-sets.ts'

/** Subset of pairs that came from no import (made in the app or by a script). */
const NOT_IMPORTED = 'project pairs'

export async function createBenchmarkFromProject(actor: Actor, input: { projectId: string; name: string }) {
  assertStaff(actor, BENCHMARK_STAFF_ONLY)
  const project = await assertProjectAccess(actor, input.projectId)
  const max = maxBenchmarkPairs()
  // One INSERT … SELECT in one transaction: the copy is all or nothing, and a project's worth of
  // texts never passes through this process. The preference is the pair's human reference
  // (rl_human_references: README "The human reference", with the project's minHumanLabels), A or B.
  return withUniqueName(input.name, () => db.$transaction(async (tx) => {
    await assertSetNameFree(tx, input.name)
    const set = await tx.benchmarkSet.create({
      data: { name: input.name, source: 'PROJECT', sourceProjectId: project.id, pairCount: 0, createdById: actor.id },
    })
    const copied = await tx.$executeRaw`
      WITH h AS (
        SELECT "pairId", reference FROM rl_human_references(${project.id}) WHERE reference IN ('A', 'B')
      ), m AS (
        SELECT p.id, p.ordinal, pr.text AS prompt, ra.text AS ta, rb.text AS tb, h.reference = 'A' AS a_wins, i.filename
        FROM h
        JOIN "Pair" p ON p.id = h."pairId"
        JOIN "Prompt" pr ON pr.id = p."promptId"
        JOIN "Response" ra ON ra.id = p."responseAId"
        JOIN "Response" rb ON rb.id = p."responseBId"
        LEFT JOIN "Import" i ON i.id = p."importId"
        ORDER BY p.ordinal
        LIMIT ${max + 1}
      )
      INSERT INTO "BenchmarkPair" (id, "setId", ordinal, subset, prompt, chosen, rejected, "chosenChars", "rejectedChars", "sourceRef")
      SELECT gen_random_uuid()::text, ${set.id}, (row_number() OVER (ORDER BY m.ordinal) - 1)::int, COALESCE(m.filename, ${NOT_IMPORTED}), m.prompt,
        CASE WHEN m.a_wins THEN m.ta ELSE m.tb END, CASE WHEN m.a_wins THEN m.tb ELSE m.ta END,
        char_length(CASE WHEN m.a_wins THEN m.ta ELSE m.tb END), char_length(CASE WHEN m.a_wins THEN m.tb ELSE m.ta END), m.id
      FROM m`
    if (copied > max) throw tooManyPairs(max)
    if (copied === 0) throw badRequest(`"${project.name}" has no pairs with a human majority preference (A or B) to copy`)
    const left = (await tx.pair.count({ where: { projectId: project.id } })) - copied
    const reasons = left ? [{ line: 0, reason: `${left.toLocaleString('en')} pairs of the project have no human majority preference (unlabelled, or a tie) and were left out` }] : []
    const done = await tx.benchmarkSet.update({ where: { id: set.id }, data: { pairCount: copied, skipped: left, skippedReasons: reasons } })
    await recordAudit(tx, {
      userId: actor.id, action: 'benchmark.create', entityType: 'BenchmarkSet', entityId: set.id,
      detail: { name: input.name, source: 'PROJECT', projectId: project.id, pairs: copied },
    })
    return done
  }, { timeout: 10 * 60_000 }))
}
