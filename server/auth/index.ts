// Auth.js v5: credentials sign-in (email + password), JWT sessions carrying the user id.
// The role is NOT trusted from the token: the API reloads the user on every request, so a
// deactivated user or a changed role takes effect at once.
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { cookies } from 'next/headers'
import { sessionUserIdFromCookies } from './session-token.ts'
import { authenticateUser } from '../services/users/authenticate-user.ts'

const credentialsSchema = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) })

export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
  pages: { signIn: '/signin' },
  // A wrong password is an expected outcome, not a server error worth a stack trace.
  logger: { error: (e) => { if ((e as { type?: string }).type !== 'CredentialsSignin' && e.name !== 'CredentialsSignin') console.error(e) } },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw) {
        const parsed = credentialsSchema.safeParse(raw)
        if (!parsed.success) throw new CredentialsSignin()
        const user = await authenticateUser(parsed.data.email, parsed.data.password)
        if (!user) throw new CredentialsSignin()
        return { id: user.id, email: user.email, name: user.name, role: user.role }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.uid = user.id
      return token
    },
    session({ session, token }) {
      if (token.uid) (session.user as { id?: string }).id = token.uid as string
      return session
    },
  },
})

/** The signed-in user's id, or null (pages: goes through Auth.js, which also rolls the session). */
export async function sessionUserId(): Promise<string | null> {
  const s = await auth()
  return (s?.user as { id?: string } | undefined)?.id ?? null
}

/** The API's user id from the session cookie (see session-token.ts for why not `auth()`). */
export async function apiSessionUserId(): Promise<string | null> {
  const jar = await cookies()
  return sessionUserIdFromCookies((name) => jar.get(name)?.value)
}
