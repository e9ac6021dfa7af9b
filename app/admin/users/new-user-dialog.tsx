'use client'
// "New user" dialog: email, name, role and an initial password, then the credentials to hand over.
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useTRPC } from '../../trpc.ts'
import { PasswordField } from './password-field.tsx'

type Role = 'ANNOTATOR' | 'RESEARCHER' | 'ADMIN'

export function NewUserDialog({ onClose }: { onClose: () => void }) {
  const trpc = useTRPC()
  const qc = useQueryClient()
  const create = useMutation(trpc.users.create.mutationOptions({
    onSuccess: () => qc.invalidateQueries(trpc.users.list.queryFilter()),
  }))
  // Stay open once created: the admin still has to pass on the (possibly generated) password.
  if (create.isSuccess) {
    return (
      <div className="dialog-backdrop" onClick={onClose}>
        <div className="dialog form" role="dialog" aria-label="User created" onClick={(e) => e.stopPropagation()}>
          <h2>User created</h2>
          <p className="ok" role="status">{create.data.name} can now sign in as {create.data.role.toLowerCase()}.</p>
          <p>Email: <code>{create.data.email}</code><br />Initial password: <code data-testid="new-password">{create.variables.password}</code></p>
          {create.data.role === 'ANNOTATOR' && <p className="muted small">Next: assign the projects they label (Projects… in their row).</p>}
          <div className="row"><button type="button" className="btn btn-primary" onClick={onClose} autoFocus>Done</button></div>
        </div>
      </div>
    )
  }
  return (
    <div className="dialog-backdrop" onClick={onClose}>
      <form className="dialog form" aria-label="New user" onClick={(e) => e.stopPropagation()} onSubmit={(e) => {
        e.preventDefault()
        const f = new FormData(e.currentTarget)
        create.mutate({
          email: String(f.get('email')), name: String(f.get('name')),
          role: String(f.get('role')) as Role, password: String(f.get('password')),
        })
      }}>
        <h2>New user</h2>
        <label>Email<input name="email" type="email" required maxLength={320} autoFocus autoComplete="off" /></label>
        <label>Name<input name="name" required maxLength={120} autoComplete="off" /></label>
        <label>Role
          <select name="role" defaultValue="ANNOTATOR">
            <option value="ANNOTATOR">Annotator: labels the projects they are assigned to</option>
            <option value="RESEARCHER">Researcher: creates projects, imports and exports data</option>
            <option value="ADMIN">Admin: manages users and sees everything</option>
          </select>
        </label>
        <PasswordField label="Initial password" name="password" />
        {create.error && <p className="error" role="alert">{create.error.message}</p>}
        <div className="row">
          <button className="btn btn-primary" disabled={create.isPending}>Create user</button>
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
        </div>
      </form>
    </div>
  )
}
