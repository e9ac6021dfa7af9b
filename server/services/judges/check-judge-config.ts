// Checks a judge configuration before it is stored: the schema (server/judge/config.ts); for a local
// model, that its folder is inside the model folders with an exported causal LM; for an endpoint,
// that its host may be called (no private or loopback address unless an admin allowed it) and that a
// server key it names exists and is bound to this endpoint. A mistake is an error now rather than a
// failed run later; the worker checks all of this again, since DNS, folders and settings change.
import { judgeConfigSchema, type JudgeConfig, type JudgeConfigInput } from '../../judge/config.ts'
import { createEndpointGuard } from '../../judge/endpoint-guard.ts'
import { keyRefName, resolveKeyRef } from '../../judge/key-refs.ts'
import { checkModelDir } from '../../judge/onnx-provider.ts'
import { badRequest } from '../../lib/errors.ts'

export async function checkJudgeConfig(input: JudgeConfigInput): Promise<JudgeConfig> {
  const parsed = judgeConfigSchema.safeParse(input)
  if (!parsed.success) throw badRequest(`Invalid judge configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const config = parsed.data
  const p = config.provider
  try {
    if (p.kind === 'onnx') {
      checkModelDir(p.modelDir)
      return config
    }
    await createEndpointGuard()(new URL(p.baseUrl))
    if (p.apiKeyRef) {
      resolveKeyRef(p.apiKeyRef, p.baseUrl)
      // Stored by its short name, however it was typed.
      return { ...config, provider: { ...p, apiKeyRef: keyRefName(p.apiKeyRef) } }
    }
    return config
  } catch (e) {
    throw badRequest(p.kind === 'openai' ? `Judge endpoint ${p.baseUrl}: ${(e as Error).message}` : (e as Error).message)
  }
}
