// Shared set-up for integration tests: real PostgreSQL (DATABASE_URL from scripts/test.mjs),
// users of each role, projects, and tRPC callers acting as a given user.
import crypto from 'node:crypto'
import { db } from '@/server/db/client.ts'
import { getBoss } from '@/server/jobs/boss.ts'
import { JOB_CONTRACT } from '@/server/jobs/contract.ts'
import { createCaller } from '@/server/api/root.ts'
import { createContext } from '@/server/api/trpc.ts'
import type { Actor } from '@/server/lib/actor.ts'
import type { JobKind } from '@/server/db/client.ts'
import { runJob, type Task } from '@/workers/run-job.ts'

type Role = Actor['role']
const uid = () => crypto.randomBytes(5).toString('hex')

/** A user straight in the database (no argon2 cost: the hash is never verified in these tests). */
export async function makeUser(role: Role, name = `${role.toLowerCase()}-${uid()}`): Promise<Actor> {
  const u = await db.user.create({ data: { email: `${name}@test.rewardlab`, name, role, passwordHash: 'not-a-hash' } })
  return { id: u.id, role: u.role, name: u.name, email: u.email }
}

/** A caller acting as `actor`, from an address of its own (password checks are throttled per address). */
export const callerFor = (actor: Actor | null) => createCaller(createContext(actor?.id ?? null, `test-${uid()}`))

/** A project with `pairs` simple pairs; members are given annotators. */
export async function makeProject(opts: { owner: Actor; pairs?: number; overlap?: number; members?: Actor[] }) {
  const project = await db.project.create({ data: { name: `p-${uid()}`, createdById: opts.owner.id, overlap: opts.overlap ?? 2 } })
  for (let i = 0; i < (opts.pairs ?? 0); i++) {
    const prompt = await db.prompt.create({ data: { projectId: project.id, text: `prompt ${i}`, contentHash: `p${i}` } })
    const [a, b] = await Promise.all(['a', 'b'].map((s) => db.response.create({ data: { promptId: prompt.id, text: `answer ${s}${i}`, contentHash: `${s}${i}` } })))
    await db.pair.create({ data: { projectId: project.id, promptId: prompt.id, responseAId: a.id, responseBId: b.id, contentHash: `pair${i}` } })
  }
  if (opts.members?.length) await db.projectMember.createMany({ data: opts.members.map((m) => ({ projectId: project.id, userId: m.id })) })
  return project
}

/** Polls until fn gives a value: waits for a state, never measures a duration. */
export async function waitFor<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = 120_000): Promise<T> {
  const until = Date.now() + timeoutMs
  for (;;) {
    const v = await fn()
    if (v) return v
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

/** Jobs other test files left queued or running would be picked up first by a worker a test starts. */
export async function settleOtherJobs() {
  const open = await db.job.findMany({ where: { status: { in: ['QUEUED', 'RUNNING'] } } })
  const boss = await getBoss()
  for (const j of open) if (j.queueJobId) await boss.cancel(JOB_CONTRACT[j.kind].queue, j.queueJobId).catch(() => undefined)
  await db.job.updateMany({ where: { id: { in: open.map((j) => j.id) } }, data: { status: 'CANCELLED', finishedAt: new Date() } })
}

/** Runs a job's task here, once (no retries), and returns its row. */
export async function runHere(kind: JobKind, jobId: string, task: Task) {
  await runJob(kind, { jobId }, new AbortController().signal, task, { retries: false })
  return db.job.findUniqueOrThrow({ where: { id: jobId } })
}

/** The keys and value types of an API answer, nested and sorted: two items of the same shape give the same string. */
export const itemShape = (v: unknown): string => (v && typeof v === 'object'
  ? `{${Object.entries(v).sort(([a], [b]) => a.localeCompare(b)).map(([k, x]) => `${k}:${itemShape(x)}`).join(',')}}`
  : typeof v)

/** Label rows for a Prisma create, each with its pair's projectId (Label.projectId copies the pair's). */
export async function withProjectIds<T extends { pairId: string }>(rows: T[]): Promise<(T & { projectId: string })[]> {
  const pairs = await db.pair.findMany({ where: { id: { in: [...new Set(rows.map((r) => r.pairId))] } }, select: { id: true, projectId: true } })
  const projectOf = new Map(pairs.map((p) => [p.id, p.projectId]))
  return rows.map((r) => ({ ...r, projectId: projectOf.get(r.pairId)! }))
}
