// The one interface every AI-judge backend implements (an OpenAI-compatible HTTP endpoint, a local
// ONNX model). The judge logic (judge-pair.ts) only ever talks to this, so backends are swappable
// and tests can run against a fake.
export type ChatMessage = { role: 'system' | 'user' | 'assistant'; content: string }

export type CompletionRequest = {
  messages: ChatMessage[]
  maxTokens: number
  temperature: number
  /** 0 = no log-probabilities wanted */
  topLogprobs: number
}

export type CompletionResult = {
  text: string
  /** the FIRST generated token's alternatives, token text -> natural-log probability; null when the provider gives none */
  firstTokenLogprobs: Record<string, number> | null
  promptTokens: number
  completionTokens: number
}

export interface JudgeProvider {
  complete(req: CompletionRequest, signal?: AbortSignal): Promise<CompletionResult>
  close?(): Promise<void>
}
