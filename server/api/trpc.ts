// tRPC set-up: the request context, error mapping and the role-checked procedure builders.
// Every procedure is built from one of these; a router never checks roles by hand.
import { initTRPC, TRPCError } from '@trpc/server'
import superjson from 'superjson'
import { ZodError } from 'zod'
import { ServiceError } from '../lib/errors.ts'
import type { Actor } from '../lib/actor.ts'
import type { Role } from '../db/client.ts'
import { getActor } from '../services/users/get-actor.ts'

export type Context = { userId: string | null }

/** Called per request with the session's user id (route handler), or directly by tests and scripts. */
export function createContext(userId: string | null): Context {
  return { userId }
}

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const zod = error.cause instanceof ZodError ? error.cause.issues.map((i) => `${i.path.join('.')}: ${i.message}`) : null
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
  const actor: Actor | null = ctx.userId ? await getActor(ctx.userId) : null
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

/** Both API listeners (the Next.js route and scripts/web.ts) log unexpected errors the same way. */
export function onApiError({ error, path }: { error: TRPCError; path?: string }) {
  if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error.cause ?? error)
}
