// What the self-evolution API returns, as the pages use it.
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

type Out = inferRouterOutputs<AppRouter>['ser']
export type SerRunRow = Out['list'][number]
export type SerRunDetail = Out['get']
export type SerRoundRow = SerRunDetail['rounds'][number]
export type SerBatchDetail = Out['batch']
