'use server'
import { AuthError } from 'next-auth'
import { signIn, signOut } from '@/server/auth/index.ts'

export async function signInAction(_prev: string | null, form: FormData): Promise<string | null> {
  try {
    const next = String(form.get('next') || '/projects')
    await signIn('credentials', {
      email: form.get('email'), password: form.get('password'),
      redirectTo: next.startsWith('/') && !next.startsWith('//') ? next : '/projects',
    })
    return null
  } catch (e) {
    // Auth.js throws AuthError for bad credentials; anything else (the redirect) must propagate.
    if (e instanceof AuthError) return 'Wrong email or password, or the account is deactivated.'
    throw e
  }
}

export async function signOutAction() {
  await signOut({ redirectTo: '/signin' })
}
