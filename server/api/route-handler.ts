// One wrapper for the non-tRPC route handlers (file upload, export download), so they answer like
// the tRPC API: the session cookie → the actor (the same claim and get-actor check, so an ended
// session is refused), a ServiceError's code → the HTTP status tRPC gives it, zod issues as the
// same "path: message" lines tRPC's error formatter sends (`zodIssues`), anything else logged and
// a 500. Routes that change state also refuse other origins and any body type but their own.
import { TRPCError } from '@trpc/server'
import { getHTTPStatusCodeFromError } from '@trpc/server/http'
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc'
import { ZodError } from 'zod'
import { cookieGetter, sessionFromCookies } from '../auth/session-token.ts'
import type { Actor } from '../lib/actor.ts'
import { ServiceError } from '../lib/errors.ts'
import { zodIssueLines } from '../lib/zod-issues.ts'
import { getActor } from '../services/users/get-actor.ts'

type RouteOptions = {
  /** Names the route in the server log. */
  name: string
  /** The route changes state: only requests from this server's own pages (CSRF). */
  changesState?: boolean
  /** The one request body type the route takes (what its browser code sends); others get 415. */
  contentType?: string
}
type Handler<P> = (req: Request, ctx: { actor: Actor; params: P }) => Promise<Response>

/** The error body: `error` is the message (what the browser code shows), as for tRPC errors. */
export function errorJson(code: TRPC_ERROR_CODE_KEY, message: string, zodIssues: string[] | null = null) {
  return Response.json({ error: message, code, zodIssues }, { status: getHTTPStatusCodeFromError(new TRPCError({ code })) })
}

/**
 * Whether the browser's Origin names this server. Browsers send Origin on every cross-site POST
 * (and on same-origin ones), so a POST without it did not come from one of our pages. The host
 * compared is the one the request was sent to, as Next.js's own server-action check does.
 */
export function isSameOrigin(req: Request): boolean {
  const origin = req.headers.get('origin')
  if (!origin || origin === 'null') return false
  let host: string
  try { host = new URL(origin).host } catch { return false }
  const own = req.headers.get('x-forwarded-host')?.split(',')[0].trim() || req.headers.get('host')
  return !!own && host === own.toLowerCase()
}

const mediaType = (req: Request) => req.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? ''

export function routeHandler<P>(opts: RouteOptions, handle: Handler<P>) {
  return async (req: Request, { params }: { params: Promise<P> }): Promise<Response> => {
    try {
      if (opts.changesState && !isSameOrigin(req)) return errorJson('FORBIDDEN', 'Cross-site request refused: send it from RewardLab\'s own pages')
      if (opts.contentType && mediaType(req) !== opts.contentType) return errorJson('UNSUPPORTED_MEDIA_TYPE', `Send the body as ${opts.contentType}`)
      const session = await sessionFromCookies(cookieGetter(req.headers.get('cookie')))
      const actor = session ? await getActor(session.userId, session.sessionVersion) : null
      if (!actor) return errorJson('UNAUTHORIZED', 'Sign in first')
      return await handle(req, { actor, params: await params })
    } catch (e) {
      if (e instanceof ServiceError) return errorJson(e.code, e.message)
      if (e instanceof ZodError) { const lines = zodIssueLines(e); return errorJson('BAD_REQUEST', lines.join('; '), lines) }
      console.error(`${opts.name} failed:`, e)
      return errorJson('INTERNAL_SERVER_ERROR', `The ${opts.name} failed on the server`)
    }
  }
}
