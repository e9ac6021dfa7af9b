// The one way a plain instruction and a response are wrapped as a Human/Assistant dialogue for a
// reward model trained on HH-RLHF-style transcripts: the playground's checkbox and benchmark sets
// with the HUMAN_ASSISTANT template both use it. Pure (no imports), so the playground page may too.
export const asDialogue = {
  prompt: (prompt: string) => `\n\nHuman: ${prompt.trim()}\n\nAssistant:`,
  response: (response: string) => ` ${response.trim()}`,
}

/** The two texts a reward model scores for a pair: prompt + chosen, prompt + rejected, as the trainer joins them. */
export function pairInputs(template: 'AS_IS' | 'HUMAN_ASSISTANT', p: { prompt: string; chosen: string; rejected: string }): [string, string] {
  if (template === 'AS_IS') return [p.prompt + p.chosen, p.prompt + p.rejected]
  const prompt = asDialogue.prompt(p.prompt)
  return [prompt + asDialogue.response(p.chosen), prompt + asDialogue.response(p.rejected)]
}
