// How a project's prompts split for a given seed and held-out share: the sizes the launch dialogs show.
import type { Actor } from '../../lib/actor.ts'
import { assertStaff } from '../../lib/actor.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { POLICIES_STAFF_ONLY } from './find-policy.ts'
import { promptSplitSchema, type PromptSplit } from './policy-config.ts'
import { writePromptSet } from './write-prompt-set.ts'

export async function describePromptSet(actor: Actor, projectId: string, split: Partial<PromptSplit>, trainPrompts = 0) {
  assertStaff(actor, POLICIES_STAFF_ONLY)
  await assertProjectAccess(actor, projectId)
  const { train, eval: held } = await writePromptSet(projectId, promptSplitSchema.parse(split), null, trainPrompts)
  return { train, eval: held }
}
