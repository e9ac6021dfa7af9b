// Server components and route handlers call the API through this caller, with the session's user,
// so pages get exactly the checks a browser request gets.
import 'server-only'
import { cache } from 'react'
import { sessionUserId } from '../auth/index.ts'
import { createCaller } from './root.ts'
import { createContext } from './trpc.ts'
import { getActor } from '../services/users/get-actor.ts'

export const serverApi = cache(async () => createCaller(createContext(await sessionUserId())))

/** The signed-in, active user, or null. */
export const currentActor = cache(async () => {
  const id = await sessionUserId()
  return id ? getActor(id) : null
})
