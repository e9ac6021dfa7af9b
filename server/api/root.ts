// The app's tRPC router: one sub-router per domain.
import { createCallerFactory, createTRPCRouter } from './trpc.ts'
import { projectsRouter } from './routers/projects.ts'
import { importsRouter } from './routers/imports.ts'
import { usersRouter } from './routers/users.ts'
import { auditRouter } from './routers/audit.ts'
import { agreementRouter } from './routers/agreement.ts'
import { annotationRouter } from './routers/annotation.ts'
import { rewardModelsRouter } from './routers/reward-models.ts'
import { jobsRouter } from './routers/jobs.ts'
import { policiesRouter } from './routers/policies.ts'
import { evaluationsRouter } from './routers/evaluations.ts'
import { judgesRouter } from './routers/judges.ts'
import { benchmarksRouter } from './routers/benchmarks.ts'
import { serRouter } from './routers/ser.ts'
import { dataRouter } from './routers/data.ts'
import { compareRouter } from './routers/compare.ts'
import { experimentsRouter } from './routers/experiments.ts'

export const appRouter = createTRPCRouter({
  projects: projectsRouter,
  imports: importsRouter,
  users: usersRouter,
  audit: auditRouter,
  agreement: agreementRouter,
  annotation: annotationRouter,
  rewardModels: rewardModelsRouter,
  jobs: jobsRouter,
  judges: judgesRouter,
  policies: policiesRouter,
  evaluations: evaluationsRouter,
  benchmarks: benchmarksRouter,
  ser: serRouter,
  data: dataRouter,
  compare: compareRouter,
  experiments: experimentsRouter,
})

export type AppRouter = typeof appRouter
export const createCaller = createCallerFactory(appRouter)
