// tRPC set-up: the request context, error mapping and the role-checked procedure builders.
// Every procedure is built from one of these; a router never checks roles by hand.
import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { ZodError } from 'zod'
import { ServiceError, TooManyAttempts } from '../lib/errors.ts'
import type { Actor, SessionClaim } from '../lib/actor.ts'
import { zodIssueLines } from '../lib/zod-issues.ts'
import type { Role } from '../db/client.ts'
import { getActor } from '../services/users/get-actor.ts'

/** `sessionVersion` null: an in-process caller without a session (tests, scripts); see getActor. */
export type Context = { userId: string | null; sessionVersion: number | null; clientAddress: string }

/**
 * Per request with the session cookie's claim and the client's address (both API listeners), or
 * directly by tests and scripts with a bare user id: they act as that user, with no session that
 * could have been ended.
 */
export function createContext(who: SessionClaim | string | null, clientAddress = 'local'): Context {
  if (typeof who === 'string') return { userId: who, sessionVersion: null, clientAddress }
  return { userId: who?.userId ?? null, sessionVersion: who?.sessionVersion ?? null, clientAddress }
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? zodIssueLines(error.cause) : null
    return { ...shape, data: { ...shape.data, zodIssues: zod } }
  },
})

export const createTRPCRouter = t.router
export const createCallerFactory = t.createCallerFactory

// Services throw ServiceError with a code; give the client that code and message instead of a 500.
const mapServiceErrors = t.middleware(async ({ next }) => {
  const res = await next()
  if (!res.ok && res.error.cause instanceof ServiceError) {
    throw new TRPCError({ code: res.error.cause.code, message: res.error.cause.message, cause: res.error.cause })
  }
  return res
})

export const publicProcedure = t.procedure.use(mapServiceErrors)

export const authedProcedure = publicProcedure.use(async ({ ctx, next }) => {
  const actor: Actor | null = ctx.userId ? await getActor(ctx.userId, ctx.sessionVersion) : null
  if (!actor) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'Sign in first' })
  return next({ ctx: { ...ctx, actor } })
})

function withRoles(roles: Role[]) {
  return authedProcedure.use(({ ctx, next }) => {
    if (!roles.includes(ctx.actor.role)) {
      throw new TRPCError({ code: 'FORBIDDEN', message: `This needs the ${roles.join(' or ').toLowerCase()} role` })
    }
    return next()
  })
}

/** Any signed-in user; project access is then checked by the service (annotators: membership). */
export const memberProcedure = authedProcedure
export const researcherProcedure = withRoles(['RESEARCHER', 'ADMIN'])
export const adminProcedure = withRoles(['ADMIN'])

/** Both API listeners: a throttled call says when to come back (HTTP Retry-After). */
export function apiResponseMeta({ errors }: { errors: TRPCError[] }) {
  const wait = errors.map((e) => e.cause).find((c) => c instanceof TooManyAttempts)?.retryAfterS
  return wait ? { headers: { 'Retry-After': String(wait) } } : {}
}

/** Both API listeners (the Next.js route and scripts/web.ts) log unexpected errors the same way. */
export function onApiError({ error, path }: { error: TRPCError; path?: string }) {
  if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error.cause ?? error)
}
