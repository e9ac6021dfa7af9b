// What the compare API returns, as the page uses it.
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

type Out = inferRouterOutputs<AppRouter>['compare']
export type ComparableRun = Out['runs'][number]
export type Comparison = Out['get']
export type ComparedRun = Comparison['runs'][number]
