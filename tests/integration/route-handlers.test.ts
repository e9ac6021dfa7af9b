// The non-tRPC routes (file upload, export download) through their real handlers with Requests:
// the wrapper's session → actor (an ended session refused), cross-site refusals (Origin), the
// upload's one content type, and errors shaped as tRPC shapes them (status by code, zod issues).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { appRouter } from '@/server/api/root.ts'
import { createContext } from '@/server/api/trpc.ts'
import { POST as upload } from '@/app/api/projects/[projectId]/imports/route.ts'
import { GET as download } from '@/app/api/projects/[projectId]/export/route.ts'
import { db } from '@/server/db/client.ts'
import { stopBoss } from '@/server/jobs/boss.ts'
import type { Actor } from '@/server/lib/actor.ts'
import { callerFor, makeProject, makeUser } from './helpers.ts'
import { ORIGIN, sessionCookie } from './auth-http.ts'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rewardlab-routes-'))
let researcher: Actor
let cookie: string
let projectId: string

beforeAll(async () => {
  process.env.REWARDLAB_UPLOAD_DIR = path.join(tmp, 'uploads')
  researcher = await makeUser('RESEARCHER')
  cookie = await sessionCookie(researcher.id, 0)
  projectId = (await makeProject({ owner: researcher, pairs: 2 })).id
})
afterAll(async () => {
  delete process.env.REWARDLAB_UPLOAD_DIR
  await stopBoss()
  fs.rmSync(tmp, { recursive: true, force: true })
})

const FILE = JSON.stringify({ prompt: 'Route test?', chosen: 'yes', rejected: 'no' }) + '\n'
const host = new URL(ORIGIN).host

function uploadRequest(opts: { origin?: string | null; type?: string; cookie?: string; query?: string; project?: string } = {}) {
  const headers: Record<string, string> = { host, cookie: opts.cookie ?? cookie, 'content-type': opts.type ?? 'application/octet-stream' }
  if (opts.origin !== null) headers.origin = opts.origin ?? ORIGIN
  const req = new Request(`${ORIGIN}/api/projects/${opts.project ?? projectId}/imports?${opts.query ?? 'format=JSONL_PAIRS&mode=SKIP_INVALID&filename=t.jsonl'}`, {
    method: 'POST', headers, body: FILE,
  })
  return upload(req, { params: Promise.resolve({ projectId: opts.project ?? projectId }) })
}

function exportRequest(query: string, opts: { cookie?: string; project?: string } = {}) {
  const req = new Request(`${ORIGIN}/api/projects/${opts.project ?? projectId}/export?${query}`, { headers: { host, cookie: opts.cookie ?? cookie } })
  return download(req, { params: Promise.resolve({ projectId: opts.project ?? projectId }) })
}

describe('upload route: cross-site requests', () => {
  test('from our own origin with the upload type: accepted (201)', async () => {
    const res = await uploadRequest()
    expect(res.status).toBe(201)
    const body = await res.json()
    expect(await db.import.findUnique({ where: { id: body.id } })).toMatchObject({ projectId, filename: 't.jsonl' })
  })

  test('another origin, a "null" origin, or none at all: 403 and nothing stored', async () => {
    const before = await db.import.count({ where: { projectId } })
    for (const origin of ['https://evil.example', `http://${host}.evil.example`, 'null', null]) {
      const res = await uploadRequest({ origin })
      expect(res.status, String(origin)).toBe(403)
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN' })
    }
    expect(await db.import.count({ where: { projectId } })).toBe(before)
  })

  test('any body type a cross-site form can send: 415', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await uploadRequest({ type })
      expect(res.status, type).toBe(415)
      expect(await res.json()).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', error: 'Send the body as application/octet-stream' })
    }
  })
})

describe('route wrapper: sessions and errors as tRPC gives them', () => {
  test('no session, or an ended one: 401', async () => {
    expect((await uploadRequest({ cookie: '' })).status).toBe(401)
    const u = await makeUser('RESEARCHER')
    const stale = await sessionCookie(u.id, 0)
    expect((await exportRequest('kind=trl', { cookie: stale })).status).not.toBe(401)
    await callerFor(await makeUser('ADMIN')).users.resetPassword({ userId: u.id, password: 'reset-password' })
    const res = await exportRequest('kind=trl', { cookie: stale })
    expect(res.status).toBe(401)
    expect(await res.json()).toEqual({ error: 'Sign in first', code: 'UNAUTHORIZED', zodIssues: null })
  })

  test('invalid options: 400 with zod issues in the lines tRPC\'s error formatter sends', async () => {
    const res = await uploadRequest({ query: 'format=NOPE&filename=t.jsonl' })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.code).toBe('BAD_REQUEST')
    expect(body.zodIssues).toEqual([expect.stringMatching(/^format: /)])
    expect(body.error).toBe(body.zodIssues.join('; '))
    // What tRPC itself sends on the wire for a procedure's bad input: the same kind of lines.
    const input = encodeURIComponent(JSON.stringify({ json: { projectId: '' } }))
    const trpc = await fetchRequestHandler({
      endpoint: '/api/trpc', router: appRouter, createContext: () => createContext(researcher.id),
      req: new Request(`${ORIGIN}/api/trpc/imports.list?input=${input}`),
    })
    expect(trpc.status).toBe(400)
    const shape = (await trpc.json()) as { error: { json: { data: { code: string; zodIssues: string[] } } } }
    expect(shape.error.json.data).toMatchObject({ code: 'BAD_REQUEST', zodIssues: [expect.stringMatching(/^projectId: /)] })
  })

  test('a ServiceError keeps its code and the status tRPC gives it; export streams for a member', async () => {
    const annotator = await makeUser('ANNOTATOR')
    const refused = await uploadRequest({ cookie: await sessionCookie(annotator.id, 0) })
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'FORBIDDEN', error: 'Importing data needs the researcher or admin role' })
    const missing = await exportRequest('kind=trl', { project: 'no-such-project' })
    expect(missing.status).toBe(404)
    expect(await missing.json()).toMatchObject({ code: 'NOT_FOUND' })
    const ok = await exportRequest('kind=full')
    expect(ok.status).toBe(200)
    expect(ok.headers.get('content-type')).toContain('application/x-ndjson')
  })
})
