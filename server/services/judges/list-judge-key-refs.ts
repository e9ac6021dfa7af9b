// The server keys a judge may name instead of storing a key (server/judge/key-refs.ts): each key's
// name and the origin an admin bound it to, never its value, for the judge form to offer.
import type { Actor } from '../../lib/actor.ts'
import { listKeyRefs } from '../../judge/key-refs.ts'
import { assertStaff } from '../../lib/actor.ts'
import { JUDGES_STAFF_ONLY } from './find-judge.ts'

export function listJudgeKeyRefs(actor: Actor) {
  assertStaff(actor, JUDGES_STAFF_ONLY)
  return listKeyRefs()
}
