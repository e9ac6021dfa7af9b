// An annotator's own submitted labels in a project, newest first (the History list), paged by
// keyset on (createdAt, id). Only the caller's labels: never anyone else's, never a gold answer.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'

export const listMyLabelsSchema = z.object({
  projectId: z.string().min(1).max(64),
  after: z.string().max(200).optional(),
  limit: z.number().int().min(1).max(100).default(20),
})

function decode(after: string | undefined): { at: Date; id: string } | null {
  if (!after) return null
  const [at, id] = Buffer.from(after, 'base64url').toString('utf8').split('|')
  const date = new Date(at)
  return id && !Number.isNaN(date.getTime()) ? { at: date, id } : null
}

export async function listMyLabels(actor: Actor, input: z.input<typeof listMyLabelsSchema>) {
  const { projectId, after, limit } = listMyLabelsSchema.parse(input)
  const project = await assertProjectAccess(actor, projectId)
  const c = decode(after)
  const rows = await db.label.findMany({
    where: {
      userId: actor.id, source: 'HUMAN', projectId,
      ...(c ? { OR: [{ createdAt: { lt: c.at } }, { createdAt: c.at, id: { lt: c.id } }] } : {}),
    },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: limit + 1,
    select: {
      id: true, choice: true, confidence: true, rationale: true, createdAt: true,
      pair: { select: { id: true, prompt: { select: { text: true } }, responseA: { select: { text: true } }, responseB: { select: { text: true } } } },
    },
  })
  const page = rows.slice(0, limit)
  const last = page[page.length - 1]
  return {
    allowRevision: project.allowLabelRevision,
    items: page.map(({ pair, ...l }) => ({ ...l, pair: { id: pair.id, prompt: pair.prompt.text, responseA: pair.responseA.text, responseB: pair.responseB.text } })),
    next: rows.length > limit && last ? Buffer.from(`${last.createdAt.toISOString()}|${last.id}`).toString('base64url') : null,
  }
}
