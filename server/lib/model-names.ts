// Names of reward models, unique in a project: the default the Train dialog offers ("Reward model 3",
// the first number not taken) and the name a training run gets when the wanted one is taken
// ("baseline (2)"). Pure (no imports), so the Reward models tab computes the default as the server would.

/** `wanted` when free, else "wanted (2)", "wanted (3)", … the first one not taken. */
export function freeName(wanted: string, taken: Iterable<string>): string {
  const used = new Set(taken)
  if (!used.has(wanted)) return wanted
  for (let n = 2; ; n++) if (!used.has(`${wanted} (${n})`)) return `${wanted} (${n})`
}

/** "Reward model N": N one more than the models there are, raised past any name already taken. */
export function defaultModelName(taken: readonly string[]): string {
  const used = new Set(taken)
  for (let n = taken.length + 1; ; n++) if (!used.has(`Reward model ${n}`)) return `Reward model ${n}`
}
