'use client'
// "Reset password" dialog: the admin sets a new password and hands it over.
import { useMutation } from '@tanstack/react-query'
import { useTRPC } from '../../trpc.ts'
import { PasswordField } from './password-field.tsx'

export function ResetPasswordDialog({ user, onClose }: { user: { id: string; name: string }; onClose: () => void }) {
  const trpc = useTRPC()
  const reset = useMutation(trpc.users.resetPassword.mutationOptions())
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog form" aria-label="Reset password" onClick={(e) => e.stopPropagation()} onSubmit={(e) => {
        e.preventDefault()
        reset.mutate({ userId: user.id, password: String(new FormData(e.currentTarget).get('password')) })
      }}>
        <h2>Reset password for {user.name}</h2>
        {reset.isSuccess ? (
          <div>
            <p className="ok" role="status">Password changed. Give {user.name} the new password; the old one no longer works.</p>
            <p>New password: <code data-testid="new-password">{reset.variables?.password}</code></p>
          </div>
        ) : (
          <PasswordField label="New password" name="password" />
        )}
        {reset.error && <p className="error" role="alert">{reset.error.message}</p>}
        <div className="row">
          {!reset.isSuccess && <button className="btn btn-primary" disabled={reset.isPending}>Set password</button>}
          <button type="button" className="btn" onClick={onClose}>{reset.isSuccess ? 'Close' : 'Cancel'}</button>
        </div>
      </form>
    </div>
  )
}
