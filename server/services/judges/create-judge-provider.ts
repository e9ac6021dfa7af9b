// Builds the provider a judge run talks to from its configuration: an OpenAI-compatible endpoint
// (the stored key decrypted only here, in the worker) or a local ONNX causal LM folder.
import type { JudgeConfig } from '../../judge/config.ts'
import { createOpenAIProvider } from '../../judge/openai-client.ts'
import { createOnnxProvider } from '../../judge/onnx-provider.ts'
import type { JudgeProvider } from '../../judge/provider.ts'
import { decryptApiKey } from './judge-secret.ts'

export type RunProvider = JudgeProvider & { stats?: { requests: number; retries: number } }

export function createJudgeProvider(config: JudgeConfig, apiKeyCipher: string | null): RunProvider {
  const p = config.provider
  if (p.kind === 'onnx') return createOnnxProvider({ modelDir: p.modelDir, threads: Number(process.env.REWARDLAB_JUDGE_THREADS ?? 1) })
  return createOpenAIProvider({
    baseUrl: p.baseUrl, model: p.model, apiKey: apiKeyCipher ? decryptApiKey(apiKeyCipher) : undefined,
    timeoutMs: config.rate.timeoutMs, maxRetries: config.rate.maxRetries, requestsPerMinute: config.rate.requestsPerMinute,
  })
}
