// Creates an AI judge in a project (researchers and admins). The API key, when given, is stored
// encrypted and never returned; the configuration is checked first (check-judge-config.ts). A judge
// has one key source: a stored key or a server key it names (apiKeyRef), never both.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { assertProjectAccess } from '../projects/assert-project-access.ts'
import { assertStaff } from '../../lib/actor.ts'
import { JUDGES_STAFF_ONLY } from './find-judge.ts'
import { checkJudgeConfig } from './check-judge-config.ts'
import { encryptApiKey } from './judge-secret.ts'
import { toJudgeView } from './judge-view.ts'

export const judgeNameSchema = z.string().trim().min(1).max(80)
/** Keys are short; 4 KB leaves room for any provider's format without inviting abuse. */
export const apiKeySchema = z.string().trim().min(1).max(4096)

export const createJudgeSchema = z.object({
  projectId: z.string().min(1).max(64),
  name: judgeNameSchema,
  config: z.unknown(),
  apiKey: apiKeySchema.optional(),
})

export async function createJudge(actor: Actor, input: z.infer<typeof createJudgeSchema>) {
  assertStaff(actor, JUDGES_STAFF_ONLY)
  await assertProjectAccess(actor, input.projectId)
  const config = await checkJudgeConfig(input.config as never)
  if (input.apiKey && config.provider.kind === 'openai' && config.provider.apiKeyRef) throw badRequest('Give either an API key or a server key (apiKeyRef), not both')
  const taken = await db.judge.findUnique({ where: { projectId_name: { projectId: input.projectId, name: input.name } } })
  if (taken) throw new ServiceError('CONFLICT', `This project already has a judge named "${input.name}"`)
  return db.$transaction(async (tx) => {
    const judge = await tx.judge.create({
      data: {
        projectId: input.projectId, name: input.name, config, createdById: actor.id,
        apiKeyCipher: input.apiKey ? encryptApiKey(input.apiKey) : null,
      },
    })
    // The audit entry records that a key was set, never the key.
    await recordAudit(tx, { userId: actor.id, action: 'judge.create', entityType: 'Judge', entityId: judge.id, detail: { name: judge.name, config, apiKeySet: !!input.apiKey } })
    return toJudgeView(judge)
  })
}
