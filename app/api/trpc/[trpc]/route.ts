// The tRPC endpoint inside Next.js (`next dev`, and any deployment that runs `next start`). The
// production web server (scripts/web.ts) answers /api/trpc itself, in front of Next.js.
import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { appRouter } from '@/server/api/root.ts'
import { apiResponseMeta, createContext, onApiError } from '@/server/api/trpc.ts'
import { apiSessionClaim } from '@/server/auth/index.ts'
import { forwardedClientAddress } from '@/server/lib/client-address.ts'

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => createContext(await apiSessionClaim(), forwardedClientAddress(req.headers)),
    responseMeta: apiResponseMeta,
    onError: onApiError,
  })

export { handler as GET, handler as POST }
