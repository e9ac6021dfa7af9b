// The endpoint a judge's stored API key belongs to: the provider kind and, for an HTTP endpoint, the
// origin of its base URL (scheme, host and port; the path may change, it is the same server). A key is
// entered for one endpoint, so changing the endpoint clears it (update-judge.ts) and the worker sends
// it only to that endpoint (create-judge-provider.ts); otherwise whoever may edit a judge could
// point it at their own host and receive the key someone else entered.
import { judgeProviderSchema, type JudgeProviderConfig } from '../../judge/config.ts'

export function keyEndpoint(provider: JudgeProviderConfig): string {
  if (provider.kind === 'onnx') return 'onnx'
  try {
    return new URL(provider.baseUrl).origin
  } catch {
    return provider.baseUrl // unparsable: only equal to itself
  }
}

/** keyEndpoint of a stored config (a Judge row's `config`); null when it cannot be read. */
export function storedKeyEndpoint(config: unknown): string | null {
  const provider = judgeProviderSchema.safeParse((config as { provider?: unknown } | null)?.provider)
  return provider.success ? keyEndpoint(provider.data) : null
}
