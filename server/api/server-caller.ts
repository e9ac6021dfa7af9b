// Server components and route handlers call the API through this caller, with the session's user,
// so pages get exactly the checks a browser request gets (an ended session included).
import 'server-only'
import { cache } from 'react'
import { headers } from 'next/headers'
import { sessionClaim } from '../auth/index.ts'
import { forwardedClientAddress } from '../lib/client-address.ts'
import { createCaller } from './root.ts'
import { createContext } from './trpc.ts'
import { getActor } from '../services/users/get-actor.ts'

// One session read per render, shared by the caller and the actor below.
const requestSession = cache(sessionClaim)

export const serverApi = cache(async () => createCaller(createContext(await requestSession(), forwardedClientAddress(await headers()))))

/** The signed-in, active user of a live session, or null. */
export const currentActor = cache(async () => {
  const s = await requestSession()
  return s ? getActor(s.userId, s.sessionVersion) : null
})
