// What the benchmark-set operations share: who may use them (staff: a set holds a copy of project
// texts, and staff see every project), the name rule (unique over the whole server: sets belong to
// no project), the size cap, and how the reasons for skipped lines are kept.
import { z } from 'zod'
import { Prisma, type DbOrTx } from '../../db/client.ts'
import { ServiceError } from '../../lib/errors.ts'

/** Why a non-staff caller is refused benchmark sets. */
export const BENCHMARK_STAFF_ONLY = 'Benchmark sets are for researchers and admins'

export const benchmarkNameSchema = z.string().trim().min(1).max(120)

/** The import formats a benchmark file may have: those whose pairs carry a human preference. */
export const BENCHMARK_FORMATS = ['JSONL_PAIRS', 'JSONL_LABELLED', 'CSV', 'HH_RLHF', 'PANDALM'] as const

/** Subset of a pair whose file gives none. */
export const NO_SUBSET = 'default'

/** The first reasons for skipped lines kept on the set (the count has them all). */
export const MAX_REASONS = 100

/** Most pairs in one set (REWARDLAB_MAX_BENCHMARK_PAIRS); RewardBench has 2,985. */
export function maxBenchmarkPairs(): number {
  const v = Number(process.env.REWARDLAB_MAX_BENCHMARK_PAIRS)
  return Number.isSafeInteger(v) && v > 0 ? v : 100_000
}

const nameTaken = (name: string) => new ServiceError('CONFLICT', `A benchmark set named "${name}" already exists: choose another name`)

export async function assertSetNameFree(tx: DbOrTx, name: string) {
  if (await tx.benchmarkSet.findUnique({ where: { name }, select: { id: true } })) throw nameTaken(name)
}

/** Runs `make`; two sets made at once under one name: the unique index refuses the second, said as CONFLICT. */
export async function withUniqueName<T>(name: string, make: () => Promise<T>): Promise<T> {
  try {
    return await make()
  } catch (e) {
    if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002') throw nameTaken(name)
    throw e
  }
}

export const tooManyPairs = (max: number) =>
  new ServiceError('BAD_REQUEST', `A benchmark set holds at most ${max.toLocaleString('en')} pairs (REWARDLAB_MAX_BENCHMARK_PAIRS); split the data into several sets`)
