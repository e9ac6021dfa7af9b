// Auth.js v5: credentials sign-in (email + password), JWT sessions carrying the user id and the
// user's session version at sign-in. Neither the role nor the session's liveness is trusted from
// the token: every request reloads the user and compares the version (get-actor.ts), so a
// deactivation, a changed role, a password reset or a sign-out takes effect at once.
import NextAuth, { CredentialsSignin } from 'next-auth'
import Credentials from 'next-auth/providers/credentials'
import { z } from 'zod'
import { cookies } from 'next/headers'
import { sessionFromCookies } from './session-token.ts'
import type { SessionClaim } from '../lib/actor.ts'
import { TooManyAttempts } from '../lib/errors.ts'
import { forwardedClientAddress } from '../lib/client-address.ts'
import { authenticateUser } from '../services/users/authenticate-user.ts'
import { endSessions } from '../services/users/end-sessions.ts'
import { accountKey, findPasswordLockout } from '../services/users/find-password-lockout.ts'

const credentialsSchema = z.object({ email: z.string().email().max(320), password: z.string().min(1).max(1024) })

/** A sign-in refused by the throttle; the sign-in form shows `userMessage` (it names the wait). */
export class SignInThrottled extends CredentialsSignin {
  code = 'throttled'
  // Not `message`: AuthError appends a link to Auth.js's docs to that.
  constructor(public retryAfterS: number, public userMessage: string) {
    super(userMessage)
  }
}

const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: 'jwt', maxAge: 7 * 24 * 3600 },
  pages: { signIn: '/signin' },
  // A wrong password is an expected outcome, not a server error worth a stack trace.
  logger: { error: (e) => { if ((e as { type?: string }).type !== 'CredentialsSignin' && e.name !== 'CredentialsSignin') console.error(e) } },
  providers: [
    Credentials({
      credentials: { email: { label: 'Email' }, password: { label: 'Password', type: 'password' } },
      async authorize(raw, request) {
        const parsed = credentialsSchema.safeParse(raw)
        if (!parsed.success) throw new CredentialsSignin()
        try {
          const user = await authenticateUser(parsed.data.email, parsed.data.password, { address: forwardedClientAddress(request.headers) })
          if (!user) throw new CredentialsSignin()
          return { id: user.id, email: user.email, name: user.name, role: user.role, sessionVersion: user.sessionVersion }
        } catch (e) {
          if (e instanceof TooManyAttempts) throw new SignInThrottled(e.retryAfterS, e.message)
          throw e
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is there only at sign-in: the version read with the password check goes in the token.
      if (user?.id) {
        token.uid = user.id
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 0
      }
      return token
    },
    session({ session, token }) {
      if (token.uid) (session.user as { id?: string }).id = token.uid as string
      ;(session as { sessionVersion?: number }).sessionVersion = typeof token.sv === 'number' ? token.sv : 0
      return session
    },
  },
  events: {
    // Both the UI's server action and a POST to /api/auth/signout come through here.
    async signOut(message) {
      const token = 'token' in message ? message.token : null
      if (typeof token?.uid === 'string') await endSessions({ userId: token.uid, sessionVersion: typeof token.sv === 'number' ? token.sv : 0 })
    },
  },
})

export { auth, signIn, signOut }

/** The session's claim, or null (pages: goes through Auth.js, which also rolls the session). */
export async function sessionClaim(): Promise<SessionClaim | null> {
  const s = await auth()
  const userId = (s?.user as { id?: string } | undefined)?.id
  return userId ? { userId, sessionVersion: (s as { sessionVersion?: number }).sessionVersion ?? 0 } : null
}

/** The API's session claim from the session cookie (see session-token.ts for why not `auth()`). */
export async function apiSessionClaim(): Promise<SessionClaim | null> {
  const jar = await cookies()
  return sessionFromCookies((name) => jar.get(name)?.value)
}

/**
 * Auth.js's HTTP endpoints. A credentials sign-in from a throttled account or address is answered
 * 429 with Retry-After before Auth.js runs (Auth.js itself can only redirect with an error code).
 * The check inside authorize() still counts and refuses, for the server action and for races.
 */
export const authRoutes = {
  GET: handlers.GET,
  async POST(req: Parameters<typeof handlers.POST>[0]) {
    if (new URL(req.url).pathname.endsWith('/callback/credentials')) {
      const email = (await req.clone().formData().catch(() => null))?.get('email')
      if (typeof email === 'string') {
        const wait = await findPasswordLockout({ account: accountKey(email), address: forwardedClientAddress(req.headers) })
        if (wait !== null) {
          const { message } = new TooManyAttempts(wait, 'failed sign-ins')
          return Response.json({ error: message }, { status: 429, headers: { 'Retry-After': String(wait) } })
        }
      }
    }
    return handlers.POST(req)
  },
}
