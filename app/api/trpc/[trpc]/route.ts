import { fetchRequestHandler } from '@trpc/server/adapters/fetch'
import { appRouter } from '@/server/api/root.ts'
import { createContext } from '@/server/api/trpc.ts'
import { apiSessionUserId } from '@/server/auth/index.ts'

const handler = (req: Request) =>
  fetchRequestHandler({
    endpoint: '/api/trpc',
    req,
    router: appRouter,
    createContext: async () => createContext(await apiSessionUserId()),
    onError: ({ error, path }) => {
      if (error.code === 'INTERNAL_SERVER_ERROR') console.error(`tRPC ${path}:`, error.cause ?? error)
    },
  })

export { handler as GET, handler as POST }
