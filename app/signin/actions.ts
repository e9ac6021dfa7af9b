'use server'
// The sign-in form's and the nav bar's server actions. Next.js checks their Origin itself.
import { AuthError } from 'next-auth'
import { signIn, signOut, SignInThrottled } from '@/server/auth/index.ts'
import { safeNextPath } from './next-path.ts'

export async function signInAction(_prev: string | null, form: FormData): Promise<string | null> {
  try {
    await signIn('credentials', {
      email: form.get('email'), password: form.get('password'),
      redirectTo: safeNextPath(form.get('next')),
    })
    return null
  } catch (e) {
    // Auth.js throws AuthError for bad credentials; anything else (the redirect) must propagate.
    if (e instanceof SignInThrottled) return `${e.userMessage}.`
    if (e instanceof AuthError) return 'Wrong email or password, or the account is deactivated.'
    throw e
  }
}

/** Ends every session of the user (all devices): see server/services/users/end-sessions.ts. */
export async function signOutAction() {
  await signOut({ redirectTo: '/signin' })
}
