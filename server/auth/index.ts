// Auth.js v5: credentials sign-in (email + password), JWT sessions carrying the user id.
// The role is NOT trusted from the token: the API reloads the user on every request, so a
// deactivated user or a changed role takes effect at once.
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { cookies } from 'next/headers'
import { decode } from 'next-auth/jwt'
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

const SESSION_COOKIES = ['__Secure-authjs.session-token', 'authjs.session-token']

/**
 * The API's hot path: the user id straight from the session cookie (decrypt + expiry check), without
 * Auth.js's full session round (which re-encrypts and re-sets the cookie on every call: ~10x the cost
 * at hundreds of labels per second). Pages keep using `auth()`, so sessions still roll.
 */
export async function apiSessionUserId(): Promise<string | null> {
  const jar = await cookies()
  for (const name of SESSION_COOKIES) {
    const token = jar.get(name)?.value
    if (!token) continue
    try {
      const payload = await decode({ token, secret: process.env.AUTH_SECRET!, salt: name })
      return typeof payload?.uid === 'string' ? payload.uid : null
    } catch {
      return null // tampered, expired or signed with another secret
    }
  }
  return null
}
