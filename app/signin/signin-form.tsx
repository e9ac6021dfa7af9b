'use client'
import { useActionState } from 'react'
import { signInAction } from './actions.ts'

export function SignInForm({ next }: { next: string }) {
  const [error, action, pending] = useActionState(signInAction, null)
  return (
    <form action={action} className="card form narrow">
      <h1>Sign in</h1>
      <input type="hidden" name="next" value={next} />
      <label>Email<input name="email" type="email" autoComplete="username" required autoFocus /></label>
      <label>Password<input name="password" type="password" autoComplete="current-password" required /></label>
      {error && <p className="error" role="alert">{error}</p>}
      <button className="btn btn-primary" disabled={pending} type="submit">{pending ? 'Signing in…' : 'Sign in'}</button>
    </form>
  )
}
