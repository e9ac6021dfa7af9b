// Top navigation: what the signed-in user's role may open, and sign-out.
import Link from 'next/link'
import { currentActor } from '@/server/api/server-caller.ts'
import { signOutAction } from '../signin/actions.ts'

export async function NavBar() {
  const actor = await currentActor()
  return (
    <header className="nav">
      <Link href="/projects" className="brand">RewardLab</Link>
      {actor && (
        <nav>
          <Link href="/projects">Projects</Link>
          {actor.role === 'ADMIN' && <Link href="/admin/users">Users</Link>}
          {actor.role === 'ADMIN' && <Link href="/admin/audit">Audit log</Link>}
        </nav>
      )}
      <div className="nav-right">
        {actor ? (
          <form action={signOutAction}>
            <span className="muted" data-testid="whoami">{actor.name} · {actor.role.toLowerCase()}</span>{' '}
            <button className="btn btn-small" type="submit" title="Ends your sessions on every device">Sign out (all devices)</button>
          </form>
        ) : (
          <Link href="/signin">Sign in</Link>
        )}
      </div>
    </header>
  )
}
