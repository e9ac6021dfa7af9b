// Loads a benchmark set for a researcher or admin (the check every benchmark operation shares).
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'
import { BENCHMARK_STAFF_ONLY } from './benchmark-sets.ts'

export async function findBenchmarkSet(actor: Actor, setId: string) {
  assertStaff(actor, BENCHMARK_STAFF_ONLY)
  const set = await db.benchmarkSet.findUnique({ where: { id: setId } })
  if (!set) throw notFound('Benchmark set')
  return set
}
