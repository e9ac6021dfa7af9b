// Builds the provider a judge run talks to from its configuration: an OpenAI-compatible endpoint
// or a local ONNX causal LM folder (checked against the model folders again here, in the worker).
// The key is found only here: a server key the config names (resolved from the worker's environment,
// sent only to the origin an admin bound it to), or the judge's stored key, decrypted, and sent only
// to the endpoint it was entered for. A run carries the config it was started with; when the judge
// has moved to another endpoint since, its key belongs to the new one and this run gets none.
import type { Judge } from '../../db/generated/client.ts'
import type { JudgeConfig } from '../../judge/config.ts'
import { resolveKeyRef } from '../../judge/key-refs.ts'
import { createOpenAIProvider } from '../../judge/openai-client.ts'
import { createOnnxProvider } from '../../judge/onnx-provider.ts'
import type { JudgeProvider } from '../../judge/provider.ts'
import { keyEndpoint, storedKeyEndpoint } from './judge-endpoint.ts'
import { decryptApiKey } from './judge-secret.ts'

export type RunProvider = JudgeProvider & { stats?: { requests: number; retries: number } }

function apiKeyFor(config: JudgeConfig, judge: Pick<Judge, 'config' | 'apiKeyCipher'>): string | undefined {
  const p = config.provider
  if (p.kind !== 'openai') return undefined
  if (p.apiKeyRef) return resolveKeyRef(p.apiKeyRef, p.baseUrl)
  if (!judge.apiKeyCipher) return undefined
  if (storedKeyEndpoint(judge.config) !== keyEndpoint(p)) {
    throw new Error(`This run was started for ${keyEndpoint(p)}, but the judge now calls ${storedKeyEndpoint(judge.config) ?? 'another endpoint'}; its key is not sent to the old one: start a new run`)
  }
  return decryptApiKey(judge.apiKeyCipher)
}

export function createJudgeProvider(config: JudgeConfig, judge: Pick<Judge, 'config' | 'apiKeyCipher'>): RunProvider {
  const p = config.provider
  if (p.kind === 'onnx') return createOnnxProvider({ modelDir: p.modelDir, threads: Number(process.env.REWARDLAB_JUDGE_THREADS ?? 1) })
  return createOpenAIProvider({
    baseUrl: p.baseUrl, model: p.model, apiKey: apiKeyFor(config, judge),
    timeoutMs: config.rate.timeoutMs, maxRetries: config.rate.maxRetries, requestsPerMinute: config.rate.requestsPerMinute,
  })
}
