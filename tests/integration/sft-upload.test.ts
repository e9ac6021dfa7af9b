// SFT on an uploaded prompt/response file, through the upload route and the SFT job on a real database
// with the tiny model: the file is stored under the project's upload folder and listed, the run trains
// on its examples split by prompt (a repeated prompt on one side only), records the file in its config
// and samples its held-out prompts. Bad files are refused whole with their line numbers and nothing is
// kept; the size limit, the role check and another project's file are refused too.
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { POST as uploadSft } from '@/app/api/projects/[projectId]/sft-datasets/route.ts'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { uploadDir } from '@/server/services/imports/import-limits.ts'
import { policyDir } from '@/server/services/policies/policy-paths.ts'
import { sftTask } from '@/workers/tasks/sft.ts'
import { ORIGIN, sessionCookie } from './auth-http.ts'
import { callerFor, makeUser, runHere, settleOtherJobs } from './helpers.ts'
import { makeSeparableProject, pretrainTinyBase } from './rm-fixtures.ts'

const host = new URL(ORIGIN).host
let researcher: Actor
let annotator: Actor
let projectId: string

const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n'
const WORDS = 'apple river stone cloud garden paper window music'.split(' ')
// 24 distinct prompts, the first asked twice (with two answers): 25 examples.
const EXAMPLES = Array.from({ length: 24 }, (_, i) => ({
  prompt: `\n\nHuman: what is ${WORDS[i % 8]} number ${i}?\n\nAssistant:`, response: ` Thank you for asking: ${WORDS[(i + 3) % 8]} ${i}.`,
}))
EXAMPLES.push({ prompt: EXAMPLES[0].prompt, response: ' Thank you, again.' })

function upload(projectIdOf: string, text: string, cookie: string, filename = 'sft.jsonl') {
  const req = new Request(`${ORIGIN}/api/projects/${projectIdOf}/sft-datasets?filename=${filename}`, {
    method: 'POST', headers: { host, origin: ORIGIN, cookie, 'content-type': 'application/octet-stream' }, body: text,
  })
  return uploadSft(req, { params: Promise.resolve({ projectId: projectIdOf }) })
}

/** Files left in the upload folder (a refusal keeps none). */
const uploadsLeft = () => fs.readdirSync(uploadDir(), { recursive: true, withFileTypes: true }).filter((f) => f.isFile()).length

beforeAll(async () => {
  await settleOtherJobs()
  researcher = await makeUser('RESEARCHER')
  annotator = await makeUser('ANNOTATOR')
  projectId = (await makeSeparableProject(researcher, 12)).id
  await pretrainTinyBase(researcher, projectId)
}, 300_000)

afterAll(async () => {
  await settleOtherJobs()
  await stopBoss()
})

describe('SFT on an uploaded file', () => {
  test('the upload is stored under the project, listed, and an SFT run trains on it split by prompt', async () => {
    const res = await upload(projectId, jsonl(EXAMPLES), await sessionCookie(researcher.id, 0))
    expect(res.status).toBe(201)
    const set = await res.json()
    expect(set).toMatchObject({ filename: 'sft.jsonl', examples: 25, prompts: 24 })
    const row = await db.sftDataset.findUniqueOrThrow({ where: { id: set.id } })
    expect(path.dirname(row.path)).toBe(path.join(uploadDir(), 'projects', projectId, 'sft'))
    expect(fs.readFileSync(row.path, 'utf8')).toBe(jsonl(EXAMPLES))
    const api = callerFor(researcher)
    expect((await api.policies.sftDatasets({ projectId })).map((d) => d.id)).toEqual([set.id])

    const sft = await api.policies.startSft({
      projectId, config: { name: 'sft upload', base: { source: 'BUILTIN', size: 'tiny' }, source: 'UPLOAD', datasetId: set.id, split: { evalShare: 0.3 },
        trainer: { 'sft.max_steps': 4, 'sft.eval_every': 4, 'sft.max_length': 64, 'generate.max_new_tokens': 8 } },
    })
    expect((await runHere('SFT', sft.jobId, sftTask)).error).toBeNull()
    const written = fs.readFileSync(path.join(policyDir(sft.id), 'sft.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { prompt: string; response: string; split: string })
    expect(written.map(({ prompt, response }) => ({ prompt, response }))).toEqual(EXAMPLES) // every example, in file order
    expect(written[24].split).toBe(written[0].split) // the repeated prompt: one side only
    const held = written.filter((w) => w.split === 'eval')
    expect(held.length).toBeGreaterThan(0)
    expect(held.length).toBeLessThan(25)
    const got = await api.policies.get({ policyId: sft.id })
    expect(got).toMatchObject({ kind: 'SFT', trained: true, config: { source: 'UPLOAD', datasetId: set.id, dataset: { filename: 'sft.jsonl', examples: 25, prompts: 24 } } })
    expect(got.summary['eval/perplexity']).toBeGreaterThan(1)
    const sample = got.samples[0].samples[0]
    expect(held.map((h) => h.prompt)).toContain(sample.prompt) // the completions are of held-out uploaded prompts
    expect(held.filter((h) => h.prompt === sample.prompt).map((h) => h.response)).toContain(sample.reference)
  }, 300_000)

  test('a bad file is refused whole, its lines numbered; nothing is kept', async () => {
    const cookie = await sessionCookie(researcher.id, 0)
    const before = { rows: await db.sftDataset.count({ where: { projectId } }), files: uploadsLeft() }
    const bad = jsonl(EXAMPLES.slice(0, 2)) + '{"prompt": "Q", "response": \n' + jsonl([{ prompt: 'Q' }, { prompt: 'Q', response: '  ' }])
    const res = await upload(projectId, bad, cookie)
    expect(res.status).toBe(400)
    const { error } = await res.json()
    expect(error).toMatch(/^3 invalid lines, so nothing was stored: line 3: not valid JSON \(.+\); line 4: field 'response' is missing; line 5: field 'response' is empty$/)
    const huge = jsonl([EXAMPLES[0], { prompt: 'Q', response: 'x'.repeat(2_100_000) }])
    expect((await (await upload(projectId, huge, cookie)).json()).error).toMatch(/^1 invalid line, so nothing was stored: line 2 is 2,100,\d{3} bytes long, over the limit of 2,000,000 bytes/)
    expect((await (await upload(projectId, '\n\n', cookie)).json()).error).toMatch(/^The file has no examples/)
    process.env.REWARDLAB_MAX_UPLOAD_BYTES = '64'
    try {
      expect((await upload(projectId, jsonl(EXAMPLES), cookie)).status).toBe(413)
    } finally {
      delete process.env.REWARDLAB_MAX_UPLOAD_BYTES
    }
    expect({ rows: await db.sftDataset.count({ where: { projectId } }), files: uploadsLeft() }).toEqual(before)
  })

  test('annotators are refused the upload and the listing; a run cannot use another project\'s file', async () => {
    expect((await upload(projectId, jsonl(EXAMPLES), await sessionCookie(annotator.id, 0))).status).toBe(403)
    await expect(callerFor(annotator).policies.sftDatasets({ projectId })).rejects.toThrow(/researcher or admin role/)
    const other = await db.project.create({ data: { name: `other-${Date.now()}`, createdById: researcher.id } })
    const res = await upload(other.id, jsonl(EXAMPLES.slice(0, 3)), await sessionCookie(researcher.id, 0))
    expect(res.status).toBe(201)
    const foreign = (await res.json()).id as string
    const api = callerFor(researcher)
    await expect(api.policies.startSft({ projectId, config: { name: 'sft foreign', source: 'UPLOAD', datasetId: foreign } })).rejects.toThrow(/not in this project/)
    await expect(api.policies.startSft({ projectId, config: { name: 'sft none', source: 'UPLOAD' } })).rejects.toThrow(/choose the uploaded file/)
    expect(await db.policy.count({ where: { projectId, name: { in: ['sft foreign', 'sft none'] } } })).toBe(0)
  })
})
