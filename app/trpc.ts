'use client'
// Browser side of tRPC: typed hooks over TanStack Query.
import { createTRPCContext } from '@trpc/tanstack-react-query'
import type { AppRouter } from '@/server/api/root.ts'

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>()
