// Shared set-up for integration tests: real PostgreSQL (DATABASE_URL from scripts/test.mjs),
// users of each role, projects, and tRPC callers acting as a given user.
import crypto from 'node:crypto'
import { db } from '@/server/db/client.ts'
import { createCaller } from '@/server/api/root.ts'
import { createContext } from '@/server/api/trpc.ts'
import type { Actor } from '@/server/lib/actor.ts'

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
