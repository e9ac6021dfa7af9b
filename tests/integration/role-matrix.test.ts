// The role × procedure matrix: every tRPC procedure of the app, called as each kind of user, on
// real objects (a project with pairs and leases, an import, a judge, a trained tiny reward model, a
// benchmark set with that model's evaluation on it, a job). A role not allowed must be refused (FORBIDDEN; UNAUTHORIZED when signed out). An allowed
// role must succeed, and its real result (and effect) is checked: never a NOT_FOUND from a made-up
// id passing for "allowed". A procedure without an entry in MATRIX fails the suite: adding an
// endpoint means adding it here.
import crypto from 'node:crypto'
import { TRPCError } from '@trpc/server'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { appRouter } from '@/server/api/root.ts'
import { hashPassword, verifyPassword } from '@/server/auth/password.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import { submitLabel } from '@/server/services/annotation/submit-label.ts'
import { importLocalFile } from '@/server/services/imports/import-local-file.ts'
import { stopScoringThread } from '@/server/services/scoring/score-texts.ts'
import { trainerDefault } from '@/server/services/reward-models/trainer-settings.ts'
import { runJob } from '@/workers/run-job.ts'
import { trainRmTask } from '@/workers/tasks/train-rm.ts'
import { evalRmTask } from '@/workers/tasks/eval-rm.ts'
import { createBenchmarkFromProject } from '@/server/services/benchmarks/create-benchmark-from-project.ts'
import { startBenchmarkEvaluation } from '@/server/services/benchmarks/start-benchmark-evaluation.ts'
import { callerFor, makeProject, makeUser, settleOtherJobs } from './helpers.ts'
import { FAST_TRAINER, pretrainTinyBase } from './rm-fixtures.ts'
import { writePandalmSubset } from './pandalm-subset.ts'
import { createJudge } from '@/server/services/judges/create-judge.ts'
import { trainRewardModel } from '@/server/services/reward-models/train-reward-model.ts'
import { rewardModelConfigSchema } from '@/server/services/reward-models/training-config.ts'
import { serConfigSchema } from '@/server/services/ser/ser-config.ts'
import { startPolicyEval } from '@/server/services/evaluations/start-policy-eval.ts'
import { writePromptSet } from '@/server/services/policies/write-prompt-set.ts'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

type Who = 'annotator-member' | 'annotator-nonmember' | 'researcher' | 'admin' | 'signed-out'
const EVERYONE: Who[] = ['annotator-member', 'annotator-nonmember', 'researcher', 'admin', 'signed-out']
/** Any signed-in user (memberProcedure, no project involved). */
const SIGNED_IN: Who[] = ['annotator-member', 'annotator-nonmember', 'researcher', 'admin']
/** memberProcedure + assertProjectAccess on the fixture project: annotators must be assigned. */
const PROJECT: Who[] = ['annotator-member', 'researcher', 'admin']
const STAFF: Who[] = ['researcher', 'admin']
const ADMIN: Who[] = ['admin']
const PASSWORD = 'fixture-password'
const JUDGE_CONFIG = { provider: { kind: 'openai', baseUrl: 'http://127.0.0.1:9/v1', model: 'matrix-judge' } }

type Fixture = {
  admin: Actor; researcher: Actor; member: Actor; nonmember: Actor
  /** An annotator none of the callers is: the target of user-management calls. */
  spare: Actor
  projectId: string
  pairIds: string[]
  /** A job the researcher started (already ended, no pg-boss message). */
  jobId: string
  /** An open annotation lease of each signed-in caller in the fixture project. The non-member's
   * is the "removed from the project while holding a lease" case: it must still be refused. */
  leases: Record<Exclude<Who, 'signed-out'>, string>
  /** The shared fixture's real objects (also in every mutation's own fixture where it needs them). */
  importId: string; judgeId: string; rewardModelId: string; secondModelId: string; policyId: string; sftDatasetId: string
  /** A benchmark set copied from the fixture project (its two imported pairs), and the first model's evaluation on it. */
  benchmarkSetId: string; evaluationJobId: string
  /** An SER run of the researcher's: round 1's batch approved (one self-label), round 2's proposed (two, one spot-checked). */
  serRunId: string; serBatchId: string; serApprovedBatchId: string
  /** The judge's AI label (someone else's label for every caller), a saved explorer filter and the member's flag on pair 0. */
  aiLabelId: string; savedFilterId: string; flagId: string
  /** A second trained SFT policy, a prompt split with evaluation prompts, and a queued evaluation of both policies. */
  secondPolicyId: string; evalSplit: { seed: number; evalShare: number }; policyEvalId: string
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each entry reads its own procedure's answer
type Result = any
type Entry = {
  allowed: Who[]
  input?: (f: Fixture, who: Who) => unknown
  /** An allowed call's real answer and effect, as `who`. */
  expect: (r: Result, f: Fixture, who: Who) => void | Promise<void>
}

const unique = () => crypto.randomBytes(5).toString('hex')
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-matrix-'))
const actorOf = (who: Who, f: Fixture): Actor | null =>
  ({ 'annotator-member': f.member, 'annotator-nonmember': f.nonmember, researcher: f.researcher, admin: f.admin, 'signed-out': null })[who]
const leaseOf = (f: Fixture, who: Who) => f.leases[who === 'signed-out' ? 'annotator-member' : who]
const me = (f: Fixture, who: Who) => actorOf(who, f)!
/** The pair of `who`'s lease (makeFixture gives pairs 0-3 to member, non-member, researcher, admin). */
const leasedPair = (f: Fixture, who: Who) => f.pairIds[Math.max(0, ['annotator-member', 'annotator-nonmember', 'researcher', 'admin'].indexOf(who))]
/** The label `prepare` submitted for annotation.revise, per fixture and caller. */
const preparedLabels = new Map<string, string>()

/** Procedure path → who may call it, a sample input and what an allowed call must answer. Keep it in step with server/api/routers/*. */
const MATRIX: Record<string, Entry> = {
  // projects
  'projects.list': { allowed: SIGNED_IN, expect: (r, f, who) => expect(r.some((p: { id: string }) => p.id === f.projectId)).toBe(who !== 'annotator-nonmember') },
  'projects.get': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r).toMatchObject({ id: f.projectId, pairCount: 6 + 2 /* made + imported */ }) },
  'projects.settings': {
    // Every setting, the gold ones included (projects.get hides those from annotators), as stored.
    allowed: STAFF, input: (f) => ({ projectId: f.projectId }),
    expect: async (r, f) => {
      const p = await db.project.findUniqueOrThrow({ where: { id: f.projectId } })
      expect(Object.keys(r).sort()).toEqual(['allowLabelRevision', 'description', 'goldMinAnswers', 'goldRate', 'goldThreshold', 'guidelines', 'id', 'importedLabelsCountTowardOverlap', 'minHumanLabels', 'name', 'overlap'])
      expect(r).toMatchObject({ id: f.projectId, name: p.name, overlap: p.overlap, goldRate: p.goldRate, goldThreshold: p.goldThreshold, goldMinAnswers: p.goldMinAnswers })
    },
  },
  'projects.create': {
    allowed: STAFF, input: () => ({ name: `matrix-${unique()}` }),
    expect: async (r, f, who) => expect(await db.project.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ name: r.name, createdById: me(f, who).id }),
  },
  'projects.update': {
    // The human reference settings at their defaults: refused for annotators, no change to the fixture.
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, patch: { description: 'changed by the matrix', minHumanLabels: 1, importedLabelsCountTowardOverlap: true } }),
    expect: async (_r, f) => expect(await db.project.findUniqueOrThrow({ where: { id: f.projectId } })).toMatchObject({ description: 'changed by the matrix', minHumanLabels: 1, importedLabelsCountTowardOverlap: true }),
  },
  'projects.members': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.members.map((m: { id: string }) => m.id)).toEqual([f.member.id]) },
  'projects.setMembers': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, userIds: [f.member.id, f.spare.id] }),
    expect: async (_r, f) => expect((await db.projectMember.findMany({ where: { projectId: f.projectId } })).map((m) => m.userId).sort()).toEqual([f.member.id, f.spare.id].sort()),
  },
  // imports (uploads are a route handler, not tRPC)
  'imports.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.map((i: { id: string }) => i.id)).toContain(f.importId) },
  'imports.get': { allowed: STAFF, input: (f) => ({ importId: f.importId }), expect: (r, f) => expect(r).toMatchObject({ id: f.importId, pairsCreated: 2, job: { status: 'SUCCEEDED' } }) },
  'imports.formats': { allowed: STAFF, expect: (r) => expect(r.formats.map((x: { id: string }) => x.id)).toContain('HH_RLHF') },
  'imports.sniff': {
    allowed: STAFF, input: () => ({ sample: '{"chosen": "\\n\\nHuman: hi\\n\\nAssistant: hello", "rejected": "\\n\\nHuman: hi\\n\\nAssistant: go away"}\n' }),
    expect: (r) => expect(r).toEqual({ format: 'HH_RLHF' }),
  },
  // users
  'users.list': { allowed: ADMIN, expect: (r, f) => expect(r.find((u: { id: string }) => u.id === f.spare.id)).toMatchObject({ role: 'ANNOTATOR' }) },
  'users.create': {
    allowed: ADMIN, input: () => ({ email: `matrix-${unique()}@test.rewardlab`, name: 'Matrix', role: 'ANNOTATOR', password: 'matrix-password' }),
    expect: async (r) => expect(await db.user.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ name: 'Matrix', role: 'ANNOTATOR', active: true }),
  },
  'users.update': {
    allowed: ADMIN, input: (f) => ({ userId: f.spare.id, patch: { name: 'Renamed by the matrix', role: 'RESEARCHER' } }),
    expect: async (_r, f) => expect(await db.user.findUniqueOrThrow({ where: { id: f.spare.id } })).toMatchObject({ name: 'Renamed by the matrix', role: 'RESEARCHER' }),
  },
  'users.resetPassword': {
    allowed: ADMIN, input: (f) => ({ userId: f.spare.id, password: 'matrix-password' }),
    expect: async (_r, f) => expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: f.spare.id } })).passwordHash, 'matrix-password')).toBe(true),
  },
  'users.setProjects': {
    allowed: ADMIN, input: (f) => ({ userId: f.spare.id, projectIds: [f.projectId] }),
    expect: async (_r, f) => expect((await db.projectMember.findMany({ where: { userId: f.spare.id } })).map((m) => m.projectId)).toEqual([f.projectId]),
  },
  'users.me': { allowed: SIGNED_IN, expect: (r, f, who) => expect(r).toMatchObject({ id: me(f, who).id, email: me(f, who).email }) },
  'users.changeOwnPassword': {
    allowed: SIGNED_IN, input: () => ({ currentPassword: PASSWORD, newPassword: 'matrix-password' }),
    expect: async (_r, f, who) => expect(await verifyPassword((await db.user.findUniqueOrThrow({ where: { id: me(f, who).id } })).passwordHash, 'matrix-password')).toBe(true),
  },
  // audit
  'audit.list': { allowed: ADMIN, input: () => ({ limit: 5 }), expect: (r) => expect(r.items.length).toBeGreaterThan(0) },
  // annotation: each caller acts on their own lease (another person's lease is NOT_FOUND, which proves nothing)
  'annotation.next': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }), expect: (r, f, who) => expect(r).toMatchObject({ done: false, assignmentId: leaseOf(f, who) }) },
  // done 2: the fixture's two imported human labels fill their pairs' overlap slots.
  'annotation.progress': { allowed: PROJECT, input: (f) => ({ projectId: f.projectId }), expect: (r) => expect(r).toMatchObject({ mine: 0, project: { done: 2 } }) },
  'annotation.submit': {
    allowed: PROJECT, input: (f, who) => ({ assignmentId: leaseOf(f, who), choice: 'A', confidence: 4 }),
    expect: async (r, f, who) => {
      expect(await db.label.findFirstOrThrow({ where: { userId: me(f, who).id } })).toMatchObject({ choice: 'A', confidence: 4, source: 'HUMAN' })
      expect(r.assignmentId).not.toBe(leaseOf(f, who)) // the next item
    },
  },
  'annotation.skip': {
    allowed: PROJECT, input: (f, who) => ({ assignmentId: leaseOf(f, who) }),
    expect: async (_r, f, who) => expect((await db.assignment.findUniqueOrThrow({ where: { id: leaseOf(f, who) } })).status).toBe('SKIPPED'),
  },
  'annotation.undo': {
    // The caller's own label first (through the service), then undone: it is gone and its lease reopens.
    allowed: PROJECT, input: (f) => ({ projectId: f.projectId }),
    expect: async (r, f, who) => {
      expect(r).toMatchObject({ done: false, assignmentId: leaseOf(f, who), previous: { choice: 'B' } })
      expect(await db.label.count({ where: { userId: me(f, who).id } })).toBe(0)
    },
  },
  'annotation.history': {
    // Nobody labelled in the shared fixture, whose pairs carry imported and AI labels: none of those is "mine".
    allowed: PROJECT, input: (f) => ({ projectId: f.projectId }),
    expect: (r) => expect(r).toEqual({ allowRevision: true, items: [], next: null }),
  },
  'annotation.revise': {
    // Each caller revises the label prepare() submitted; others only ever reach someone else's (the AI label).
    allowed: PROJECT, input: (f, who) => ({ labelId: preparedLabels.get(`${f.projectId}:${who}`) ?? f.aiLabelId, choice: 'TIE', confidence: 2 }),
    expect: async (r, f, who) => {
      expect(r).toMatchObject({ choice: 'TIE', confidence: 2 })
      expect(await db.label.findFirstOrThrow({ where: { userId: me(f, who).id } })).toMatchObject({ id: r.id, choice: 'TIE' })
      expect(await db.auditLog.count({ where: { action: 'label.revise', entityId: r.id, userId: me(f, who).id } })).toBe(1)
    },
  },
  'annotation.flag': {
    allowed: PROJECT, input: (f, who) => ({ pairId: leasedPair(f, who), reason: 'flagged by the matrix' }),
    expect: async (r, f, who) => expect(await db.pairFlag.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ pairId: leasedPair(f, who), userId: me(f, who).id, resolvedAt: null }),
  },
  // data explorer: staff only (annotators never see other people's labels or gold answers)
  'data.pairs': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, filter: { source: 'AI' } }),
    expect: (r, f) => expect(r).toMatchObject({ rows: [{ id: f.pairIds[5], aiLabels: 1, aiMajority: 'A' }], next: null }),
  },
  'data.pair': {
    allowed: STAFF, input: (f) => ({ pairId: f.pairIds[5] }),
    expect: (r, f) => expect(r).toMatchObject({ id: f.pairIds[5], labels: [{ id: f.aiLabelId, source: 'AI', rater: 'matrix judge v1' }] }),
  },
  'data.setGold': {
    allowed: STAFF, input: (f) => ({ pairId: f.pairIds[1], choice: 'B' }),
    expect: async (_r, f, who) => expect(await db.pair.findUniqueOrThrow({ where: { id: f.pairIds[1] } })).toMatchObject({ goldChoice: 'B', goldSetById: me(f, who).id }),
  },
  'data.savedFilters': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r).toMatchObject([{ id: f.savedFilterId, name: 'matrix filter', filter: { gold: 'yes' } }]) },
  'data.saveFilter': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, name: 'saved by the matrix', filter: { majority: 'A' } }),
    expect: async (r, f, who) => expect(await db.savedFilter.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ projectId: f.projectId, userId: me(f, who).id, filter: { majority: 'A' } }),
  },
  'data.deleteFilter': {
    allowed: STAFF, input: (f) => ({ filterId: f.savedFilterId }),
    expect: async (_r, f) => expect(await db.savedFilter.findUnique({ where: { id: f.savedFilterId } })).toBeNull(),
  },
  'data.resolveFlag': {
    allowed: STAFF, input: (f) => ({ flagId: f.flagId }),
    expect: async (_r, f, who) => expect(await db.pairFlag.findUniqueOrThrow({ where: { id: f.flagId } })).toMatchObject({ resolvedById: me(f, who).id, resolvedAt: expect.any(Date) }),
  },
  // agreement
  'agreement.gold': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId }),
    expect: (r) => expect(r).toEqual({ goldPairs: 1, settings: { goldRate: 0.1, goldThreshold: 0.7, goldMinAnswers: 5 }, annotators: [] }),
  },
  'agreement.project': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r) => expect(r).toMatchObject({ source: 'HUMAN', includeExternal: true }) },
  // judges: staff only; the judge points at a closed local port (loopback is allowed in the tests), never called here
  'judges.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.judges.map((j: { id: string }) => j.id)).toContain(f.judgeId) },
  'judges.get': { allowed: STAFF, input: (f) => ({ judgeId: f.judgeId }), expect: (r, f) => expect(r).toMatchObject({ id: f.judgeId, name: 'matrix judge', hasApiKey: false }) },
  'judges.create': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, name: `created ${unique()}`, config: JUDGE_CONFIG }),
    expect: async (r, f) => expect(await db.judge.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ projectId: f.projectId, version: 1 }),
  },
  'judges.update': {
    allowed: STAFF, input: (f) => ({ judgeId: f.judgeId, name: 'renamed by the matrix' }),
    expect: async (_r, f) => expect((await db.judge.findUniqueOrThrow({ where: { id: f.judgeId } })).name).toBe('renamed by the matrix'),
  },
  'judges.startRun': {
    allowed: STAFF, input: (f) => ({ judgeId: f.judgeId, scope: 'ALL' }),
    expect: async (r, f) => expect(await db.judgeRun.findUniqueOrThrow({ where: { id: r.id }, include: { job: true } })).toMatchObject({ judgeId: f.judgeId, job: { kind: 'JUDGE_RUN', status: 'QUEUED' } }),
  },
  'judges.dashboard': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, raterKey: `judge:${f.judgeId}:v1` }),
    expect: (r, f) => expect(r).toMatchObject({ raterKey: `judge:${f.judgeId}:v1`, labels: 1 }),
  },
  'judges.keyRefs': { allowed: STAFF, expect: (r) => expect(Array.isArray(r)).toBe(true) },
  // reward models: staff only, on a tiny model trained once for the file (its ONNX export scores for real)
  'rewardModels.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.find((m: { id: string }) => m.id === f.rewardModelId)).toMatchObject({ exported: true }) },
  'rewardModels.get': { allowed: STAFF, input: (f) => ({ rewardModelId: f.rewardModelId }), expect: (r, f) => expect(r).toMatchObject({ id: f.rewardModelId, job: { status: 'SUCCEEDED' } }) },
  'rewardModels.train': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { name: `queued ${unique()}`, base: { source: 'BUILTIN', size: 'tiny' } } }),
    expect: async (r, f) => expect(await db.rewardModel.findUniqueOrThrow({ where: { id: r.id }, include: { job: true } })).toMatchObject({ projectId: f.projectId, job: { kind: 'TRAIN_RM', status: 'QUEUED' } }),
  },
  'rewardModels.startScoring': {
    allowed: STAFF, input: (f) => ({ rewardModelId: f.rewardModelId }),
    expect: async (r, f) => expect(await db.scoreRun.findUniqueOrThrow({ where: { id: r.id }, include: { job: true } })).toMatchObject({ rewardModelId: f.rewardModelId, job: { kind: 'SCORE_PAIRS' } }),
  },
  'rewardModels.scores': { allowed: STAFF, input: (f) => ({ rewardModelId: f.rewardModelId, page: 1 }), expect: (r) => expect(r).toMatchObject({ page: 1, total: 0, rows: [] }) },
  'rewardModels.playground': {
    allowed: STAFF, input: (f) => ({ rewardModelId: f.rewardModelId, prompt: 'Hi', responseA: ' a', responseB: ' b' }),
    expect: (r) => {
      expect(Number.isFinite(r.rewardA) && Number.isFinite(r.rewardB)).toBe(true)
      expect(r.probabilityA).toBeCloseTo(1 / (1 + Math.exp(r.rewardB - r.rewardA)), 9)
    },
  },
  'rewardModels.compare': { allowed: STAFF, input: (f) => ({ a: f.rewardModelId, b: f.secondModelId }), expect: (r, f) => expect([r.a.id, r.b.id]).toEqual([f.rewardModelId, f.secondModelId]) },
  'rewardModels.rename': {
    allowed: STAFF, input: (f) => ({ rewardModelId: f.secondModelId, name: 'renamed by the matrix' }),
    expect: async (r, f) => {
      expect(r).toMatchObject({ id: f.secondModelId, name: 'renamed by the matrix' })
      expect((await db.rewardModel.findUniqueOrThrow({ where: { id: f.secondModelId } })).name).toBe('renamed by the matrix')
    },
  },
  'rewardModels.delete': {
    allowed: STAFF, input: (f) => ({ rewardModelId: f.rewardModelId }),
    expect: async (r, f) => {
      expect(r).toMatchObject({ id: f.rewardModelId, evaluations: 1, name: 'matrix model' })
      expect(await db.rewardModel.findUnique({ where: { id: f.rewardModelId } })).toBeNull()
      expect(await db.job.findUnique({ where: { id: f.evaluationJobId } })).toBeNull()
      expect(fs.existsSync(path.join(trained.outputDir, 'model.onnx'))).toBe(true) // another model's export stays
    },
  },
  'rewardModels.baseModels': { allowed: STAFF, expect: (r) => expect(r.some((b: { source: string; ref: string; status: string }) => b.source === 'BUILTIN' && b.ref === 'tiny' && b.status === 'READY')).toBe(true) },
  'rewardModels.trainerSettings': { allowed: STAFF, expect: (r) => expect(r.seed.default).toBe(trainerDefault('seed')) },
  // policies: staff only; the fixture's SFT policy is "trained" (its folder is the tiny base), never run here
  'policies.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.policies.map((p: { id: string }) => p.id)).toContain(f.policyId) },
  'policies.get': { allowed: STAFF, input: (f) => ({ policyId: f.policyId }), expect: (r, f) => expect(r).toMatchObject({ id: f.policyId, kind: 'SFT', trained: true, samples: [] }) },
  'policies.promptSet': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r) => expect(r.train + r.eval).toBe(8) },
  'policies.sftDatasets': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r).toEqual([expect.objectContaining({ id: f.sftDatasetId, filename: 'matrix.jsonl', examples: 2, prompts: 2 })]) },
  'policies.startSft': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { name: `sft ${unique()}`, base: { source: 'BUILTIN', size: 'tiny' } } }),
    expect: async (r, f) => expect(await db.policy.findUniqueOrThrow({ where: { id: r.id }, include: { job: true } })).toMatchObject({ projectId: f.projectId, kind: 'SFT', job: { kind: 'SFT', status: 'QUEUED' } }),
  },
  'policies.startPpo': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { name: `ppo ${unique()}`, policyId: f.policyId, rewardModelId: f.rewardModelId, rewardMode: 'plain' } }),
    expect: async (r, f) => expect(await db.policy.findUniqueOrThrow({ where: { id: r.id }, include: { job: true } })).toMatchObject({ kind: 'PPO', parentId: f.policyId, job: { kind: 'PPO', status: 'QUEUED' } }),
  },
  // policy evaluations: staff only; the fixture's evaluation of its two SFT policies is queued, never run here
  'evaluations.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.map((e: { id: string }) => e.id)).toContain(f.policyEvalId) },
  'evaluations.get': {
    allowed: STAFF, input: (f) => ({ evalId: f.policyEvalId }),
    expect: (r, f) => expect(r).toMatchObject({ id: f.policyEvalId, policies: [{ id: f.policyId }, { id: f.secondPolicyId }], job: { status: 'QUEUED' }, prompts: { total: 0, rows: [] } }),
  },
  'evaluations.start': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { name: `eval ${unique()}`, policyIds: [f.secondPolicyId, f.policyId], rewardModelId: f.secondModelId, split: f.evalSplit } }),
    expect: async (r, f) => expect(await db.policyEval.findUniqueOrThrow({ where: { id: r.id }, include: { job: true, policies: { orderBy: { position: 'asc' } } } }))
      .toMatchObject({ rewardModelId: f.secondModelId, job: { kind: 'POLICY_EVAL', status: 'QUEUED' }, policies: [{ policyId: f.secondPolicyId }, { policyId: f.policyId }] }),
  },
  // experiment presets: staff only. The fixture has no PandaLM data (the check says so); the start
  // gets 120 PandaLM items (26 prompts: with half held out, both sides of the split hold some) and their GPT-3.5 verdicts imported first (prepare), and queues the whole experiment
  'experiments.rlhfVsRlaifData': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r) => expect(r).toMatchObject({ problem: expect.stringMatching(/no PandaLM test-set import/), pairs: 0 }) },
  'experiments.startRlhfVsRlaif': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { base: { source: 'BUILTIN', size: 'tiny' }, evalShare: 0.5 } }),
    expect: async (r, f) => expect(await db.policyEval.findUniqueOrThrow({ where: { id: r.evaluationId }, include: { job: true } }))
      .toMatchObject({ projectId: f.projectId, name: 'RLHF vs RLAIF', job: { kind: 'POLICY_EVAL', status: 'QUEUED', queueJobId: null } }),
  },
  // compare runs: staff only, on the fixture's SFT policy (no curves, no samples)
  'compare.runs': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.find((p: { id: string }) => p.id === f.policyId)).toMatchObject({ kind: 'SFT', tag: 'SFT', name: 'matrix sft' }) },
  'compare.get': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, policyIds: [f.policyId] }),
    expect: (r, f) => {
      expect(r.runs).toMatchObject([{ id: f.policyId, kind: 'SFT', tag: 'SFT' }])
      expect(r.config.find((c: { key: string }) => c.key === 'kind')).toMatchObject({ values: ['SFT'], differs: false })
      expect(r.samples.rows).toEqual([])
    },
  },
  // benchmark sets: staff only; the fixture's set was copied from its project's two imported pairs
  'benchmarks.list': { allowed: STAFF, expect: (r, f) => expect(r.find((s: { id: string }) => s.id === f.benchmarkSetId)).toMatchObject({ pairCount: 2, source: 'PROJECT', subsets: [{ pairs: 2 }] }) },
  'benchmarks.createFromProject': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, name: `matrix copy ${unique()}` }),
    expect: async (r, f) => expect(await db.benchmarkSet.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ sourceProjectId: f.projectId, pairCount: 2 }),
  },
  'benchmarks.delete': {
    allowed: STAFF, input: (f) => ({ setId: f.benchmarkSetId }),
    expect: async (r, f) => {
      expect(r).toEqual({ id: f.benchmarkSetId, evaluations: 1 })
      expect(await db.benchmarkSet.findUnique({ where: { id: f.benchmarkSetId } })).toBeNull()
      expect(await db.job.findUnique({ where: { id: f.evaluationJobId } })).toBeNull()
    },
  },
  'benchmarks.evaluate': {
    allowed: STAFF, input: (f) => ({ rewardModelId: f.secondModelId, setId: f.benchmarkSetId }),
    expect: async (r, f) => expect(await db.benchmarkEvaluation.findUniqueOrThrow({ where: { id: r.id }, include: { job: true } })).toMatchObject({ rewardModelId: f.secondModelId, setId: f.benchmarkSetId, job: { kind: 'EVAL_RM', status: 'QUEUED' } }),
  },
  'benchmarks.results': {
    allowed: STAFF, input: (f) => ({ rewardModelId: f.rewardModelId }),
    expect: (r, f) => {
      expect(r).toHaveLength(1)
      expect(r[0]).toMatchObject({ set: { id: f.benchmarkSetId }, pairsScored: 2, job: { status: 'SUCCEEDED' }, results: { overall: { n: 2 } } })
    },
  },
  // self-evolution: staff read and start; only admins decide batches; annotators see nothing of it
  'ser.list': { allowed: STAFF, input: (f) => ({ projectId: f.projectId }), expect: (r, f) => expect(r.map((x: { id: string }) => x.id)).toContain(f.serRunId) },
  'ser.get': { allowed: STAFF, input: (f) => ({ runId: f.serRunId }), expect: (r) => expect(r.rounds.map((x: { batch: { status: string } }) => x.batch.status)).toEqual(['APPROVED', 'PROPOSED']) },
  'ser.batch': { allowed: STAFF, input: (f) => ({ batchId: f.serBatchId }), expect: (r) => expect(r).toMatchObject({ status: 'PROPOSED', size: 2, spotCheckSize: 1, total: 2, byRule: { 1: 2 } }) },
  'ser.start': {
    allowed: STAFF, input: (f) => ({ projectId: f.projectId, config: { name: `ser ${unique()}`, seed: { kind: 'existing', rewardModelId: f.secondModelId } } }),
    expect: async (r, f, who) => {
      const run = await db.serRun.findUniqueOrThrow({ where: { id: r.id }, include: { rounds: { include: { job: true } } } })
      expect(run).toMatchObject({ projectId: f.projectId, createdById: me(f, who).id, status: 'ACTIVE', rounds: [{ round: 1, rewardModelId: f.secondModelId, job: { kind: 'SER_ROUND', status: 'QUEUED' } }] })
      expect(await db.auditLog.count({ where: { action: 'ser.start', entityId: r.id } })).toBe(1)
    },
  },
  'ser.stop': {
    allowed: STAFF, input: (f) => ({ runId: f.serRunId, reason: 'matrix' }),
    expect: async (r, f) => expect(await db.serRun.findUniqueOrThrow({ where: { id: f.serRunId } })).toMatchObject({ status: 'STOPPED', endReason: expect.stringContaining('matrix') }),
  },
  'ser.approve': {
    allowed: ADMIN, input: (f) => ({ batchId: f.serBatchId, reason: 'matrix', override: 'not waiting for the spot-check' }),
    expect: async (r, f, who) => {
      expect(await db.serBatch.findUniqueOrThrow({ where: { id: f.serBatchId } })).toMatchObject({ status: 'APPROVED', decidedById: me(f, who).id, overrideReason: 'not waiting for the spot-check' })
      expect(await db.label.count({ where: { serBatchId: f.serBatchId, source: 'SELF' } })).toBe(2)
      expect(await db.auditLog.count({ where: { action: 'ser.batch.approve', entityId: f.serBatchId } })).toBe(1)
    },
  },
  'ser.reject': {
    allowed: ADMIN, input: (f) => ({ batchId: f.serBatchId, reason: 'matrix' }),
    expect: async (r, f) => {
      expect(await db.serBatch.findUniqueOrThrow({ where: { id: f.serBatchId } })).toMatchObject({ status: 'REJECTED', decisionReason: 'matrix' })
      expect(await db.auditLog.count({ where: { action: 'ser.batch.reject', entityId: f.serBatchId } })).toBe(1)
    },
  },
  'ser.revoke': {
    allowed: ADMIN, input: (f) => ({ batchId: f.serApprovedBatchId, reason: 'matrix' }),
    expect: async (r, f) => {
      expect(r).toMatchObject({ status: 'REVOKED', labelsRemoved: 1 })
      expect(await db.label.count({ where: { serBatchId: f.serApprovedBatchId } })).toBe(0)
      expect(await db.auditLog.count({ where: { action: 'ser.batch.revoke', entityId: f.serApprovedBatchId } })).toBe(1)
    },
  },
  // jobs: staff, or the person who started the job (here the researcher)
  'jobs.progress': { allowed: STAFF, input: (f) => ({ jobId: f.jobId }), expect: (r, f) => expect(r.job).toMatchObject({ id: f.jobId, status: 'QUEUED' }) },
  'jobs.cancel': {
    allowed: STAFF, input: (f) => ({ jobId: f.jobId }),
    expect: async (r, f) => {
      expect(r).toEqual({ status: 'CANCELLED' })
      expect(await db.job.findUniqueOrThrow({ where: { id: f.jobId } })).toMatchObject({ status: 'CANCELLED', stopReason: 'CANCELLED_BY_USER' })
    },
  },
}

// At runtime tRPC 11 keeps a flat record keyed by path ('users.create'); its type says nested.
const procedures = appRouter._def.procedures as unknown as Record<string, { _def: { type: 'query' | 'mutation' | 'subscription' } }>
const paths = Object.keys(procedures).sort()
let passwordHash = ''
let trained: { outputDir: string; baseModelId: string; jobId: string }

/** Reward-model rows of a project sharing the one trained export (a second one for compare). */
async function modelsIn(projectId: string, owner: Actor) {
  const make = async (name: string) => {
    const job = await db.job.create({ data: { kind: 'TRAIN_RM', status: 'SUCCEEDED', progress: 1, phase: 'done', createdById: owner.id, projectId, finishedAt: new Date() } })
    return (await db.rewardModel.create({ data: { projectId, name, baseModelId: trained.baseModelId, jobId: job.id, config: rewardModelConfigSchema.parse({ name, base: { source: 'BUILTIN', size: 'tiny' } }), outputDir: trained.outputDir, createdById: owner.id } })).id
  }
  return [await make('matrix model'), await make('matrix model 2')]
}

async function serFixture(projectId: string, owner: Actor, rewardModelId: string, pairIds: string[]) {
  const run = await db.serRun.create({ data: { projectId, name: 'matrix ser', config: serConfigSchema.parse({ name: 'matrix ser', seed: { kind: 'existing', rewardModelId } }), createdById: owner.id } })
  const round = async (n: number) => {
    const job = await db.job.create({ data: { kind: 'SER_ROUND', status: 'SUCCEEDED', progress: 1, createdById: owner.id, projectId, finishedAt: new Date() } })
    return db.serRound.create({ data: { runId: run.id, round: n, rewardModelId, jobId: job.id, poolSize: 3 } })
  }
  const r1 = await round(1)
  const approved = await db.serBatch.create({ data: { runId: run.id, roundId: r1.id, status: 'APPROVED', size: 1, spotCheckSize: 0, decidedById: owner.id, decidedAt: new Date(), decisionReason: 'fixture' } })
  await db.serSelfLabel.create({ data: { batchId: approved.id, pairId: pairIds[4], choice: 'A', scoreA: 0.9, scoreB: 0.1, rule: 1 } })
  await db.label.create({ data: { pairId: pairIds[4], projectId, source: 'SELF', choice: 'A', raterKey: `ser:${run.id}`, raterName: 'SER matrix', serBatchId: approved.id } })
  const r2 = await round(2)
  const proposed = await db.serBatch.create({ data: { runId: run.id, roundId: r2.id, size: 2, spotCheckSize: 1 } })
  await db.serSelfLabel.createMany({ data: [2, 3].map((i) => ({ batchId: proposed.id, pairId: pairIds[i], choice: 'B' as const, scoreA: 0.2, scoreB: 0.8, rule: 1, spotCheck: i === 2 })) })
  return { serRunId: run.id, serBatchId: proposed.id, serApprovedBatchId: approved.id }
}

async function makeFixture(): Promise<Fixture> {
  const [admin, researcher, member, nonmember, spare] = await Promise.all([
    makeUser('ADMIN'), makeUser('RESEARCHER'), makeUser('ANNOTATOR'), makeUser('ANNOTATOR'), makeUser('ANNOTATOR'),
  ])
  await db.user.updateMany({ where: { id: { in: [admin, researcher, member, nonmember, spare].map((u) => u.id) } }, data: { passwordHash } })
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
  // Queued, with no pg-boss message: jobs.cancel ends it at once, and no worker could take it.
  const job = await db.job.create({ data: { kind: 'SCORE_PAIRS', phase: 'role-matrix fixture', createdById: researcher.id, projectId: project.id } })
  const file = path.join(tmp, `${unique()}.jsonl`)
  fs.writeFileSync(file, ['one', 'two'].map((w) => JSON.stringify({ prompt: `matrix ${w}?`, chosen: `good ${w}`, rejected: `bad ${w}` })).join('\n'))
  const imp = await importLocalFile(researcher, { projectId: project.id, format: 'JSONL_PAIRS', mode: 'SKIP_INVALID', filePath: file })
  const judge = await createJudge(researcher, { projectId: project.id, name: 'matrix judge', config: JUDGE_CONFIG } as never)
  // One AI label of that judge, so its dashboard has something to show.
  const aiLabel = await db.label.create({ data: { pairId: pairs[5].id, projectId: project.id, source: 'AI', choice: 'A', probability: 0.8, raterKey: `judge:${judge.id}:v1`, raterName: 'matrix judge v1' } })
  // A gold answer on the last pair (it carries the judge's label, no lease): agreement.gold counts it.
  await db.pair.update({ where: { id: pairs[5].id }, data: { goldChoice: 'A', goldSetById: researcher.id, goldSetAt: new Date() } })
  const savedFilter = await db.savedFilter.create({ data: { projectId: project.id, userId: researcher.id, name: 'matrix filter', filter: { gold: 'yes' } } })
  const flag = await db.pairFlag.create({ data: { pairId: pairs[0].id, userId: member.id, reason: 'matrix flag' } })
  const [rewardModelId, secondModelId] = await modelsIn(project.id, researcher)
  const ser = await serFixture(project.id, researcher, secondModelId, pairs.map((p) => p.id))
  const sftJob = await db.job.create({ data: { kind: 'SFT', status: 'SUCCEEDED', progress: 1, createdById: researcher.id, projectId: project.id, finishedAt: new Date() } })
  const base = await db.baseModel.findUniqueOrThrow({ where: { id: trained.baseModelId } })
  const policy = await db.policy.create({ data: { projectId: project.id, kind: 'SFT', name: 'matrix sft', baseModelId: base.id, jobId: sftJob.id, config: { name: 'matrix sft' }, outputDir: base.path, createdById: researcher.id } })
  // An uploaded SFT file (the upload route is tested in sft-upload.test.ts; the listing needs only the row).
  const sftDataset = await db.sftDataset.create({ data: { projectId: project.id, filename: 'matrix.jsonl', path: file, examples: 2, prompts: 2, bytes: 100, createdById: researcher.id } })
  const sftJob2 = await db.job.create({ data: { kind: 'SFT', status: 'SUCCEEDED', progress: 1, createdById: researcher.id, projectId: project.id, finishedAt: new Date() } })
  const policy2 = await db.policy.create({ data: { projectId: project.id, kind: 'SFT', name: 'matrix sft 2', baseModelId: base.id, jobId: sftJob2.id, config: { name: 'matrix sft 2' }, outputDir: base.path, createdById: researcher.id } })
  // The first seed whose split holds an evaluation prompt (8 prompts: a random split may hold none).
  let evalSplit = { seed: 1, evalShare: 0.5 }
  while (!(await writePromptSet(project.id, evalSplit, null)).eval) evalSplit = { ...evalSplit, seed: evalSplit.seed + 1 }
  const policyEval = await startPolicyEval(researcher, project.id, { name: 'matrix eval', policyIds: [policy.id, policy2.id], rewardModelId, split: evalSplit })
  // A real set and a real evaluation of the first model on it (the job run here, on the shared export).
  const set = await createBenchmarkFromProject(researcher, { projectId: project.id, name: `matrix set ${unique()}` })
  const evaluation = await startBenchmarkEvaluation(researcher, { rewardModelId, setId: set.id })
  await runJob('EVAL_RM', { jobId: evaluation.jobId }, new AbortController().signal, evalRmTask, { retries: false })
  return {
    admin, researcher, member, nonmember, spare, projectId: project.id, pairIds: pairs.map((p) => p.id), leases, jobId: job.id,
    importId: imp.id, judgeId: judge.id, rewardModelId, secondModelId, policyId: policy.id, sftDatasetId: sftDataset.id, benchmarkSetId: set.id, evaluationJobId: evaluation.jobId,
    aiLabelId: aiLabel.id, savedFilterId: savedFilter.id, flagId: flag.id, ...ser,
    secondPolicyId: policy2.id, evalSplit, policyEvalId: policyEval.id,
  }
}

/** What a call needs beyond the fixture, made as `who` just before it. */
async function prepare(path: string, f: Fixture, who: Who) {
  if (path === 'experiments.startRlhfVsRlaif') {
    const files = writePandalmSubset(`${tmp}/pandalm-${unique()}`, 120) // (`path` is the procedure here)
    await importLocalFile(me(f, who), { projectId: f.projectId, format: 'PANDALM', mode: 'SKIP_INVALID', filePath: files.testset })
    await importLocalFile(me(f, who), { projectId: f.projectId, format: 'PANDALM_JUDGE', mode: 'SKIP_INVALID', filePath: files.judge, judgeName: 'gpt-3.5-turbo' })
  }
  if (path === 'annotation.undo') await submitLabel(me(f, who), { assignmentId: leaseOf(f, who), choice: 'B' })
  if (path === 'annotation.revise') {
    await submitLabel(me(f, who), { assignmentId: leaseOf(f, who), choice: 'B' })
    const label = await db.label.findFirstOrThrow({ where: { userId: me(f, who).id } })
    preparedLabels.set(`${f.projectId}:${who}`, label.id)
  }
}

/** Calls `path` (e.g. "annotation.submit") as `who`; resolves to the error code, or the answer. */
async function callAs(who: Who, path: string, f: Fixture): Promise<{ code: string; result?: Result }> {
  const caller = callerFor(actorOf(who, f)) as unknown as Record<string, Record<string, (input: unknown) => Promise<unknown>>>
  const [router, proc] = path.split('.')
  try {
    return { code: 'OK', result: await caller[router][proc](MATRIX[path].input?.(f, who)) }
  } catch (e) {
    if (e instanceof TRPCError) return { code: `${e.code}: ${e.message}` }
    throw e
  }
}

function template(path: string) {
  const type = procedures[path]._def.type
  return `  '${path}': { allowed: /* SIGNED_IN | PROJECT | STAFF | ADMIN | EVERYONE */, input: (f, who) => ({ /* a valid sample input for this ${type}; f has projectId, pairIds, leases[who], importId, judgeId, rewardModelId, … */ }), expect: (r, f, who) => { /* its real answer */ } },`
}

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD)
  // The tiny reward model every reward-model call acts on: trained once, here, on a project of its own.
  const owner = await makeUser('RESEARCHER')
  const project = await makeProject({ owner, pairs: 40 })
  const pairs = await db.pair.findMany({ where: { projectId: project.id }, select: { id: true }, orderBy: { ordinal: 'asc' } })
  await db.label.createMany({ data: pairs.map((p, i) => ({ pairId: p.id, projectId: project.id, source: 'HUMAN', choice: i % 2 ? 'A' : 'B', raterKey: 'ext:matrix', raterName: 'matrix' })) })
  await pretrainTinyBase(owner, project.id)
  const rm = await trainRewardModel(owner, project.id, rewardModelConfigSchema.parse({ name: 'matrix tiny', base: { source: 'BUILTIN', size: 'tiny' }, evalShare: 0.25, trainer: { ...FAST_TRAINER, 'train.max_steps': 4 } }))
  await runJob('TRAIN_RM', { jobId: rm.jobId }, new AbortController().signal, trainRmTask, { retries: false })
  const row = await db.rewardModel.findUniqueOrThrow({ where: { id: rm.id }, include: { job: true } })
  expect(row.job.error).toBeNull()
  trained = { outputDir: row.outputDir!, baseModelId: row.baseModelId, jobId: row.jobId }
}, 300_000)

afterAll(async () => {
  await settleOtherJobs() // the runs and scorings the allowed calls queued
  await stopScoringThread()
  await stopBoss()
  fs.rmSync(tmp, { recursive: true, force: true })
})

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
  beforeAll(async () => { shared = await makeFixture() }, 120_000)

  const cells = paths.filter((p) => p in MATRIX).flatMap((path) => EVERYONE.map((who) => {
    const allowed = MATRIX[path].allowed.includes(who)
    const refusal = who === 'signed-out' ? 'UNAUTHORIZED' : 'FORBIDDEN'
    return { name: `${path} × ${who} → ${allowed ? 'allowed' : refusal}`, path, who, allowed, refusal }
  }))

  for (const { name, path, who, allowed, refusal } of cells) {
    test(name, async () => {
      if (!allowed) {
        expect((await callAs(who, path, shared)).code.split(':')[0]).toBe(refusal)
        return
      }
      // An allowed mutation changes what it touches: it gets its own users, project and objects.
      const f = procedures[path]._def.type === 'mutation' ? await makeFixture() : shared
      await prepare(path, f, who)
      const { code, result } = await callAs(who, path, f)
      expect(code, `${path} as ${who} must succeed`).toBe('OK')
      await MATRIX[path].expect(result, f, who)
    })
  }
})
