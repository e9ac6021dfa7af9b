// "Who am I": the signed-in user's own account, for any role.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { notFound } from '../../lib/errors.ts'

export async function getMe(actor: Actor) {
  const me = await db.user.findUnique({
    where: { id: actor.id },
    select: { id: true, email: true, name: true, role: true, createdAt: true, _count: { select: { memberships: true } } },
  })
  if (!me) throw notFound('User')
  const { _count, ...rest } = me
  return { ...rest, projectCount: _count.memberships }
}
