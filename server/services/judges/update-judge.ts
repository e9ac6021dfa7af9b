// Edits a judge: a new name, a new configuration (the version goes up, so labels made with the old
// one stay apart), and the API key (a new one, or null to remove it; omitted keeps it).
import { z } from 'zod'
import { db } from '../../db/client.ts'
import type { Actor } from '../../lib/actor.ts'
import { ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { apiKeySchema, judgeNameSchema } from './create-judge.ts'
import { checkJudgeConfig } from './check-judge-config.ts'
import { findJudge } from './find-judge.ts'
import { encryptApiKey } from './judge-secret.ts'
import { toJudgeView } from './judge-view.ts'

export const updateJudgeSchema = z.object({
  judgeId: z.string().min(1).max(64),
  name: judgeNameSchema.optional(),
  config: z.unknown().optional(),
  apiKey: apiKeySchema.nullable().optional(),
})

export async function updateJudge(actor: Actor, input: z.infer<typeof updateJudgeSchema>) {
  const judge = await findJudge(actor, input.judgeId)
  const config = input.config === undefined ? undefined : checkJudgeConfig(input.config as never)
  const configChanged = config !== undefined && JSON.stringify(config) !== JSON.stringify(judge.config)
  if (input.name && input.name !== judge.name) {
    const taken = await db.judge.findUnique({ where: { projectId_name: { projectId: judge.projectId, name: input.name } } })
    if (taken) throw new ServiceError('CONFLICT', `This project already has a judge named "${input.name}"`)
  }
  return db.$transaction(async (tx) => {
    const updated = await tx.judge.update({
      where: { id: judge.id },
      data: {
        ...(input.name ? { name: input.name } : {}),
        ...(configChanged ? { config, version: { increment: 1 } } : {}),
        ...(input.apiKey === undefined ? {} : { apiKeyCipher: input.apiKey === null ? null : encryptApiKey(input.apiKey) }),
      },
    })
    await recordAudit(tx, {
      userId: actor.id, action: 'judge.update', entityType: 'Judge', entityId: judge.id,
      detail: { name: input.name, config: configChanged ? config : undefined, version: updated.version, apiKey: input.apiKey === undefined ? 'kept' : input.apiKey === null ? 'removed' : 'set' },
    })
    return toJudgeView(updated)
  })
}
