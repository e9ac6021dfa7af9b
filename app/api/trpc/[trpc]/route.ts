// The tRPC endpoint inside Next.js (`next dev`, and any deployment that runs `next start`). The
// production web server (scripts/web.ts) answers /api/trpc itself, in front of Next.js.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { appRouter } from '@/server/api/root.ts'
import { createContext, onApiError } from '@/server/api/trpc.ts'
import { apiSessionUserId } from '@/server/auth/index.ts'

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => createContext(await apiSessionUserId()),
    onError: onApiError,
  })

export { handler as GET, handler as POST }
