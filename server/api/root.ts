// The app's tRPC router: one sub-router per domain.
import { createCallerFactory, createTRPCRouter } from './trpc.ts'
import { projectsRouter } from './routers/projects.ts'

export const appRouter = createTRPCRouter({
  projects: projectsRouter,
})

export type AppRouter = typeof appRouter
export const createCaller = createCallerFactory(appRouter)
