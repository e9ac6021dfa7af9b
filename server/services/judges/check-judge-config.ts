// Checks a judge configuration before it is stored: the schema (server/judge/config.ts), and for a
// local model that its folder exists with an exported causal LM, so a typo is an error now rather
// than a failed run later. Shared by create and update.
import { judgeConfigSchema, type JudgeConfig, type JudgeConfigInput } from '../../judge/config.ts'
import { checkModelDir } from '../../judge/onnx-provider.ts'
import { badRequest } from '../../lib/errors.ts'

export function checkJudgeConfig(input: JudgeConfigInput): JudgeConfig {
  const parsed = judgeConfigSchema.safeParse(input)
  if (!parsed.success) throw badRequest(`Invalid judge configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const config = parsed.data
  if (config.provider.kind === 'onnx') {
    try {
      checkModelDir(config.provider.modelDir)
    } catch (e) {
      throw badRequest((e as Error).message)
    }
  }
  return config
}
