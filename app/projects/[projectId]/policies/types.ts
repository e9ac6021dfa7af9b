// What the policies API returns, as the pages use it.
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

type Out = inferRouterOutputs<AppRouter>['policies']
export type PolicyRow = Out['list']['policies'][number]
export type BaselineSetRow = Out['list']['baselineSets'][number]
export type PolicyDetail = Out['get']
export type SampleStep = PolicyDetail['samples'][number]
