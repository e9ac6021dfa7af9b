// Edits a judge: a new name, a new configuration (the version goes up, so labels made with the old
// one stay apart), and the API key (a new one, or null to remove it; omitted keeps it). A stored key
// belongs to the endpoint it was entered for (judge-endpoint.ts): a change of provider or of the base
// URL's origin without a new key in the same request clears it, as does choosing a server key.
import { z } from 'zod'
import { db } from '../../db/client.ts'
import { judgeConfigSchema, type JudgeConfig } from '../../judge/config.ts'
import type { Actor } from '../../lib/actor.ts'
import { badRequest, ServiceError } from '../../lib/errors.ts'
import { recordAudit } from '../audit/record-audit.ts'
import { apiKeySchema, judgeNameSchema } from './create-judge.ts'
import { checkJudgeConfig } from './check-judge-config.ts'
import { findJudge } from './find-judge.ts'
import { keyEndpoint, storedKeyEndpoint } from './judge-endpoint.ts'
import { encryptApiKey } from './judge-secret.ts'
import { toJudgeView } from './judge-view.ts'

export const updateJudgeSchema = z.object({
  judgeId: z.string().min(1).max(64),
  name: judgeNameSchema.optional(),
  config: z.unknown().optional(),
  apiKey: apiKeySchema.nullable().optional(),
})

type KeyChange = { apiKeyCipher?: string | null; audit: string }

/** What happens to the stored key, and how the audit entry says it. */
function keyChange(input: z.infer<typeof updateJudgeSchema>, hadKey: boolean, before: unknown, after: JudgeConfig): KeyChange {
  const serverKey = after.provider.kind === 'openai' ? after.provider.apiKeyRef : undefined
  if (typeof input.apiKey === 'string') {
    if (serverKey) throw badRequest(`This judge uses the server key ${serverKey}: remove it from the settings to store a key of its own`)
    return { apiKeyCipher: encryptApiKey(input.apiKey), audit: 'set' }
  }
  if (input.apiKey === null) return { apiKeyCipher: null, audit: 'removed' }
  if (hadKey && storedKeyEndpoint(before) !== keyEndpoint(after.provider)) return { apiKeyCipher: null, audit: 'cleared: the endpoint changed' }
  if (hadKey && serverKey) return { apiKeyCipher: null, audit: 'cleared: a server key is used' }
  return { audit: 'kept' }
}

export async function updateJudge(actor: Actor, input: z.infer<typeof updateJudgeSchema>) {
  const judge = await findJudge(actor, input.judgeId)
  const config = input.config === undefined ? undefined : await checkJudgeConfig(input.config as never)
  const configChanged = config !== undefined && JSON.stringify(config) !== JSON.stringify(judge.config)
  const key = keyChange(input, judge.apiKeyCipher !== null, judge.config, config ?? judgeConfigSchema.parse(judge.config))
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
        ...(key.apiKeyCipher === undefined ? {} : { apiKeyCipher: key.apiKeyCipher }),
      },
    })
    await recordAudit(tx, {
      userId: actor.id, action: 'judge.update', entityType: 'Judge', entityId: judge.id,
      detail: { name: input.name, config: configChanged ? config : undefined, version: updated.version, apiKey: key.audit },
    })
    return toJudgeView(updated)
  })
}
