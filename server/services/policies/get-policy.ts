// One policy: its view, and the samples its job wrote (completions at each evaluation step, with
// rewards for PPO), read from the files the trainer reported as artefacts.
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { findPolicy } from './find-policy.ts'
import { policyViewSelect, toPolicyView } from './policy-view.ts'
import { readPolicySamples } from './read-policy-samples.ts'

export async function getPolicy(actor: Actor, policyId: string) {
  const found = await findPolicy(actor, policyId)
  const row = await db.policy.findUniqueOrThrow({ where: { id: found.id }, select: policyViewSelect })
  return { ...toPolicyView(row), samples: await readPolicySamples(found.jobId) }
}
