// One policy: its view, and the samples its job wrote (completions at each evaluation step, with
// rewards for PPO), read from the files the trainer reported as artefacts.
import fs from 'node:fs'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { findPolicy } from './find-policy.ts'
import { policyViewSelect, toPolicyView } from './policy-view.ts'

export type PolicySample = { id?: string; prompt: string; completion: string; score?: number; eos?: boolean; reference?: string }

async function readSamples(jobId: string) {
  const files = await db.jobArtefact.findMany({ where: { jobId, kind: 'samples' }, orderBy: { createdAt: 'asc' }, select: { path: true } })
  const steps: { step: number; samples: PolicySample[] }[] = []
  for (const f of files) {
    try {
      steps.push(JSON.parse(await fs.promises.readFile(/*turbopackIgnore: true*/ f.path, 'utf8')))
    } catch {
      // a file removed by hand: that step is simply not shown
    }
  }
  return steps.sort((a, b) => a.step - b.step)
}

export async function getPolicy(actor: Actor, policyId: string) {
  const found = await findPolicy(actor, policyId)
  const row = await db.policy.findUniqueOrThrow({ where: { id: found.id }, select: policyViewSelect })
  return { ...toPolicyView(row), samples: await readSamples(found.jobId) }
}
