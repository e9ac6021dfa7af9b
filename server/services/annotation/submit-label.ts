// Records the annotator's preference for the pair of one of their leases, and returns their next
// item, so the browser needs one request per label. A lease submitted twice (two tabs, a double
// press) is a CONFLICT; an expired lease still counts when the pair has room for another label.
// The whole step is one statement, rl_submit_label (lease check, label, audit entry, next claim),
// on the plain pool: the hot path of the platform, measured in bench/label-load.ts.
import { z } from 'zod'
import crypto from 'node:crypto'
import { db } from '../../db/client.ts'
import { hotQuery } from '../../db/pool.ts'
import type { Actor } from '../../lib/actor.ts'
import { isStaff } from '../../lib/actor.ts'
import { queueCall } from './queue.ts'
import { newRowId } from '../../lib/new-row-id.ts'
import { countLabel, nextItemArgs, toQueueItem, type ItemJson, type QueueItem } from './queue-item.ts'

export const submitLabelSchema = z.object({
  assignmentId: z.string().min(1).max(64),
  choice: z.enum(['A', 'B', 'TIE']),
  confidence: z.number().int().min(1).max(5).optional(),
  rationale: z.string().max(5000).optional(),
})
export type SubmitLabelInput = z.infer<typeof submitLabelSchema>

const SUBMIT_EXPIRY_KEY = '(labels)'

type Submitted = { projectId: string; overlap: number; item: ItemJson | null }

export async function submitLabel(actor: Actor, input: SubmitLabelInput): Promise<QueueItem> {
  const rationale = input.rationale?.trim() || null
  // The lease's project is known only inside the statement, so expiry (0.26 ms a call, measured)
  // is throttled per process rather than per project (as often as nextItem does it per project):
  // leases last half an hour by default, and the queue always expires before saying "finished".
  const [minutes, expire, nextId] = nextItemArgs(SUBMIT_EXPIRY_KEY)
  const [{ r }] = await queueCall(() => hotQuery<{ r: Submitted }>('rl_submit_label',
    'SELECT rl_submit_label($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) AS r',
    [actor.id, isStaff(actor), input.assignmentId, input.choice, input.confidence ?? null, rationale,
      newRowId(), crypto.randomUUID(), nextId, minutes, expire]))
  const project = { id: r.projectId, overlap: r.overlap }
  countLabel(project.id, actor.id, 1)
  return toQueueItem(db, actor.id, project, r.item, null)
}
