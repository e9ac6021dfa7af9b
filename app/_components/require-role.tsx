// Page guard for server components: sends visitors to sign in, and shows a refusal (HTTP 200 page,
// the API refuses the data anyway) when the role does not fit.
import { redirect } from 'next/navigation'
import type { ReactNode } from 'react'
import { currentActor } from '@/server/api/server-caller.ts'
import type { Actor } from '@/server/lib/actor.ts'

type Role = Actor['role']

export async function requireActor(path: string, roles?: Role[]): Promise<{ actor: Actor; refusal: ReactNode | null }> {
  const actor = await currentActor()
  if (!actor) redirect(`/signin?next=${encodeURIComponent(path)}`)
  if (roles && !roles.includes(actor.role)) {
    return {
      actor,
      refusal: (
        <div className="card" data-testid="forbidden">
          <h1>Not allowed</h1>
          <p>This page needs the {roles.map((r) => r.toLowerCase()).join(' or ')} role; you are signed in as {actor.role.toLowerCase()}.</p>
        </div>
      ),
    }
  }
  return { actor, refusal: null }
}
