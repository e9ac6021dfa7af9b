// The role × procedure matrix: every tRPC procedure of the app, called as each kind of user.
// A role not allowed must be refused (FORBIDDEN; UNAUTHORIZED when signed out); an allowed role
// must get past the access checks (NOT_FOUND / CONFLICT / BAD_REQUEST from a sample input are fine).
// A procedure without an entry in MATRIX fails the suite: adding an endpoint means adding it here.
import crypto from 'node:crypto'
import { TRPCError } from '@trpc/server'
import { beforeAll, describe, expect, test } from 'vitest'
import { appRouter } from '@/server/api/root.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { db } from '@/server/db/client.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'

type Who = 'annotator-member' | 'annotator-nonmember' | 'researcher' | 'admin' | 'signed-out'
const EVERYONE: Who[] = ['annotator-member', 'annotator-nonmember', 'researcher', 'admin', 'signed-out']
/** Any signed-in user (memberProcedure, no project involved). */
const SIGNED_IN: Who[] = ['annotator-member', 'annotator-nonmember', 'researcher', 'admin']
/** memberProcedure + assertProjectAccess on the fixture project: annotators must be assigned. */
const PROJECT: Who[] = ['annotator-member', 'researcher', 'admin']
const STAFF: Who[] = ['researcher', 'admin']
const ADMIN: Who[] = ['admin']

type Fixture = {
  admin: Actor; researcher: Actor; member: Actor; nonmember: Actor
  /** An annotator none of the callers is: the target of user-management calls. */
  spare: Actor
  projectId: string
  pairIds: string[]
  /** A job the researcher started (already ended, no pg-boss message): jobs.* act on it. */
  jobId: string
  /** An open annotation lease of each signed-in caller in the fixture project. The non-member's
   * is the "removed from the project while holding a lease" case: it must still be refused. */
  leases: Record<Exclude<Who, 'signed-out'>, string>
}
type Entry = { allowed: Who[]; input?: (f: Fixture, who: Who) => unknown }

const unique = () => crypto.randomBytes(5).toString('hex')

/** Procedure path → who may call it and a sample input. Keep it in step with server/api/routers/*. */
const MATRIX: Record<string, Entry> = {
  // projects
  'projects.list': { allowed: SIGNED_IN },
  'projects.get': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }) },
  'projects.create': { allowed: STAFF, input: () => ({ name: `matrix-${unique()}` }) },
  'projects.update': { allowed: STAFF, input: (f) => ({ projectId: f.projectId, patch: { description: 'changed by the matrix' } }) },
  'projects.members': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }) },
  'projects.setMembers': { allowed: STAFF, input: (f) => ({ projectId: f.projectId, userIds: [f.member.id, f.spare.id] }) },
  // imports (uploads are a route handler, not tRPC)
  'imports.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }) },
  // Staff pass the role check and get NOT_FOUND; an annotator is refused before the lookup.
  'imports.get': { allowed: STAFF, input: () => ({ importId: 'no-such-import' }) },
  'imports.formats': { allowed: STAFF },
  'imports.sniff': { allowed: STAFF, input: () => ({ sample: '{"chosen": "\\n\\nHuman: hi\\n\\nAssistant: hello", "rejected": "\\n\\nHuman: hi\\n\\nAssistant: go away"}\n' }) },
  // users
  'users.list': { allowed: ADMIN },
  'users.create': { allowed: ADMIN, input: () => ({ email: `matrix-${unique()}@test.rewardlab`, name: 'Matrix', role: 'ANNOTATOR', password: 'matrix-password' }) },
  'users.update': { allowed: ADMIN, input: (f) => ({ userId: f.spare.id, patch: { name: 'Renamed by the matrix', role: 'RESEARCHER' } }) },
  'users.resetPassword': { allowed: ADMIN, input: (f) => ({ userId: f.spare.id, password: 'matrix-password' }) },
  'users.setProjects': { allowed: ADMIN, input: (f) => ({ userId: f.spare.id, projectIds: [f.projectId] }) },
  'users.me': { allowed: SIGNED_IN },
  // Fixture users have no real hash: allowed callers get BAD_REQUEST (wrong current password), never a change.
  'users.changeOwnPassword': { allowed: SIGNED_IN, input: () => ({ currentPassword: 'not-the-password', newPassword: 'matrix-password' }) },
  // audit
  'audit.list': { allowed: ADMIN, input: () => ({ limit: 5 }) },
  // annotation: each caller acts on their own lease (another person's lease is NOT_FOUND, which proves nothing)
  'annotation.next': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }) },
  'annotation.progress': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }) },
  'annotation.submit': { allowed: PROJECT, input: (f, who) => ({ assignmentId: leaseOf(f, who), choice: 'A', confidence: 4 }) },
  'annotation.skip': { allowed: PROJECT, input: (f, who) => ({ assignmentId: leaseOf(f, who) }) },
  'annotation.undo': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }) },
  // agreement
  'agreement.project': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }) },
  // reward models: staff only; ids that do not exist give allowed callers NOT_FOUND, and the train
  // call names a folder that is not there (BAD_REQUEST), so the matrix never queues real training.
  // Judges: staff only. create names a model folder that is not there (BAD_REQUEST), so no judge is made.
  'judges.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }) },
  'judges.get': { allowed: STAFF, input: () => ({ judgeId: 'no-such-judge' }) },
  'judges.create': { allowed: STAFF, input: (f) => ({ projectId: f.projectId, name: 'matrix', config: { provider: { kind: 'onnx', modelDir: '/no/such/lm-folder' } } }) },
  'judges.update': { allowed: STAFF, input: () => ({ judgeId: 'no-such-judge', name: 'x' }) },
  'judges.startRun': { allowed: STAFF, input: () => ({ judgeId: 'no-such-judge', scope: 'ALL' }) },
  'judges.dashboard': { allowed: STAFF, input: (f) => ({ projectId: f.projectId, raterKey: 'judge:nobody' }) },
  'judges.keyRefs': { allowed: STAFF },
  'rewardModels.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }) },
  'rewardModels.get': { allowed: STAFF, input: () => ({ rewardModelId: 'no-such-model' }) },
  'rewardModels.train': { allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { name: 'matrix', base: { source: 'HF_FOLDER', path: '/no/such/hf-folder' } } }) },
  'rewardModels.startScoring': { allowed: STAFF, input: () => ({ rewardModelId: 'no-such-model' }) },
  'rewardModels.scores': { allowed: STAFF, input: () => ({ rewardModelId: 'no-such-model', page: 1 }) },
  'rewardModels.playground': { allowed: STAFF, input: () => ({ rewardModelId: 'no-such-model', prompt: 'Hi', responseA: ' a', responseB: ' b' }) },
  'rewardModels.compare': { allowed: STAFF, input: () => ({ a: 'no-such-model', b: 'no-such-model-2' }) },
  'rewardModels.baseModels': { allowed: STAFF },
  'rewardModels.trainerSettings': { allowed: STAFF },
  // jobs: staff, or the person who started the job (here the researcher)
  'jobs.progress': { allowed: STAFF, input: (f) => ({ jobId: f.jobId }) },
  'jobs.cancel': { allowed: STAFF, input: (f) => ({ jobId: f.jobId }) },
}

// At runtime tRPC 11 keeps a flat record keyed by path ('users.create'); its type says nested.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>
const paths = Object.keys(procedures).sort()

const leaseOf = (f: Fixture, who: Who) => f.leases[who === 'signed-out' ? 'annotator-member' : who]

async function makeFixture(): Promise<Fixture> {
  const [admin, researcher, member, nonmember, spare] = await Promise.all([
    makeUser('ADMIN'), makeUser('RESEARCHER'), makeUser('ANNOTATOR'), makeUser('ANNOTATOR'), makeUser('ANNOTATOR'),
  ])
  const project = await makeProject({ owner: researcher, pairs: 6, members: [member] })
  const pairs = await db.pair.findMany({ where: { projectId: project.id }, select: { id: true }, orderBy: { ordinal: 'asc' } })
  const holders = { 'annotator-member': member, 'annotator-nonmember': nonmember, researcher, admin }
  const leases = {} as Fixture['leases']
  const expiresAt = new Date(Date.now() + 3600_000)
  for (const [i, [who, u]] of Object.entries(holders).entries()) {
    // One pair each, claimCount kept in step with the lease (the queue's invariant).
    const a = await db.assignment.create({ data: { projectId: project.id, pairId: pairs[i].id, userId: u.id, expiresAt } })
    await db.pair.update({ where: { id: pairs[i].id }, data: { claimCount: { increment: 1 } } })
    leases[who as keyof Fixture['leases']] = a.id
  }
  const job = await db.job.create({ data: { kind: 'SCORE_PAIRS', status: 'CANCELLED', phase: 'role-matrix fixture', createdById: researcher.id, projectId: project.id } })
  return { admin, researcher, member, nonmember, spare, projectId: project.id, pairIds: pairs.map((p) => p.id), leases, jobId: job.id }
}

function actorOf(who: Who, f: Fixture): Actor | null {
  switch (who) {
    case 'annotator-member': return f.member
    case 'annotator-nonmember': return f.nonmember
    case 'researcher': return f.researcher
    case 'admin': return f.admin
    case 'signed-out': return null
  }
}

/** Calls `path` (e.g. "annotation.submit") as `who`; resolves to the error code, or 'OK'. */
async function callAs(who: Who, path: string, f: Fixture): Promise<string> {
  const caller = callerFor(actorOf(who, f)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
  const [router, proc] = path.split('.')
  try {
    await caller[router][proc](MATRIX[path].input?.(f, who))
    return 'OK'
  } catch (e) {
    if (e instanceof TRPCError) return e.code
    throw e
  }
}

function template(path: string) {
  const type = procedures[path]._def.type
  return `  '${path}': { allowed: /* SIGNED_IN | PROJECT | STAFF | ADMIN | EVERYONE */, input: (f, who) => ({ /* a valid sample input for this ${type}; f has projectId, pairIds, leases[who], admin, researcher, member, nonmember, spare */ }) },`
}

describe('role matrix', () => {
  test('every procedure has a matrix entry, and every entry a procedure', () => {
    const missing = paths.filter((p) => !(p in MATRIX))
    const stale = Object.keys(MATRIX).filter((p) => !(p in procedures))
    const problems: string[] = []
    if (missing.length) {
      problems.push(`${missing.length} procedure(s) have no role-matrix entry. Add to MATRIX in tests/integration/role-matrix.test.ts:\n${missing.map(template).join('\n')}`)
    }
    if (stale.length) problems.push(`MATRIX lists procedure(s) that no longer exist; remove: ${stale.join(', ')}`)
    if (problems.length) throw new Error(problems.join('\n\n'))
  })

  let shared: Fixture
  beforeAll(async () => { shared = await makeFixture() })

  const cells = paths.filter((p) => p in MATRIX).flatMap((path) => EVERYONE.map((who) => {
    const allowed = MATRIX[path].allowed.includes(who)
    const refusal = who === 'signed-out' ? 'UNAUTHORIZED' : 'FORBIDDEN'
    return { name: `${path} × ${who} → ${allowed ? 'allowed' : refusal}`, path, who, allowed, refusal }
  }))

  for (const { name, path, who, allowed, refusal } of cells) {
    test(name, async () => {
      if (!allowed) {
        expect(await callAs(who, path, shared)).toBe(refusal)
        return
      }
      // An allowed mutation may change what it touches: give it its own users and project.
      const f = procedures[path]._def.type === 'mutation' ? await makeFixture() : shared
      const code = await callAs(who, path, f)
      if (process.env.ROLE_MATRIX_VERBOSE) console.log(`${name}: ${code}`)
      expect(['FORBIDDEN', 'UNAUTHORIZED', 'INTERNAL_SERVER_ERROR'], `${path} as ${who} was refused or failed: ${code}`).not.toContain(code)
    })
  }
})
