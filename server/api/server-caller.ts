// Server components and route handlers call the API through this caller, with the session's user,
// so pages get exactly the checks a browser request gets.
import 'server-only'
import { cache } from 'react'
import { sessionUserId } from '../auth/index.ts'
import { createCaller } from './root.ts'
import { createContext } from './trpc.ts'
import { getActor } from '../services/users/get-actor.ts'

// One session read per render, shared by the caller and the actor below.
const requestUserId = cache(sessionUserId)

export const serverApi = cache(async () => createCaller(createContext(await requestUserId())))

/** The signed-in, active user, or null. */
export const currentActor = cache(async () => {
  const id = await requestUserId()
  return id ? getActor(id) : null
})
