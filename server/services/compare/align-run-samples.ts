// The side-by-side completions of the compare page: the same evaluation prompts (the runs' eval split,
// matched by prompt id), each run's completion at its last evaluation with its reward, and for PPO runs
// the SFT policy's completion at step 0 (before any update; greedy, so one column per SFT policy).
import type { PolicySample, SampleStep } from '../policies/read-policy-samples.ts'

export type SampleCell = { step: number; completion: string; score: number | null; eos: boolean | null; startScore: number | null }
export type SampleRow = { key: string; promptId: string | null; prompt: string; start: (string | null)[]; cells: (SampleCell | null)[] }
export type StartColumn = { parentId: string; parentName: string; step: number; fromRunId: string }

type RunSamples = { id: string; kind: 'SFT' | 'PPO'; parent: { id: string; name: string } | null; steps: SampleStep[] }

const keyOf = (s: PolicySample) => (s.id ? `id:${s.id}` : `text:${s.prompt}`)
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null)

export function alignRunSamples(runs: RunSamples[]) {
  const rows = new Map<string, SampleRow>()
  const row = (s: PolicySample) => {
    const key = keyOf(s)
    if (!rows.has(key)) rows.set(key, { key, promptId: s.id ?? null, prompt: s.prompt, start: [], cells: [] })
    return rows.get(key)!
  }
  // Step-0 columns: one per SFT policy that a picked PPO run starts from, taken from the first such run.
  const starts: StartColumn[] = []
  const startTexts: Map<string, string>[] = []
  for (const run of runs) {
    const first = run.steps[0]
    if (run.kind !== 'PPO' || !run.parent || !first || first.step !== 0 || starts.some((c) => c.parentId === run.parent!.id)) continue
    starts.push({ parentId: run.parent.id, parentName: run.parent.name, step: 0, fromRunId: run.id })
    startTexts.push(new Map(first.samples.map((s) => { row(s); return [keyOf(s), s.completion] })))
  }
  const finals = runs.map((run) => {
    const last = run.steps.at(-1)
    const start = run.kind === 'PPO' && run.steps[0]?.step === 0 && run.steps.length > 1 ? run.steps[0] : null
    const startScores = new Map((start?.samples ?? []).map((s) => [keyOf(s), num(s.score)]))
    const cells = new Map<string, SampleCell>()
    for (const s of last?.samples ?? []) {
      row(s)
      cells.set(keyOf(s), { step: last!.step, completion: s.completion, score: num(s.score), eos: typeof s.eos === 'boolean' ? s.eos : null, startScore: startScores.get(keyOf(s)) ?? null })
    }
    return { lastStep: last?.step ?? null, cells }
  })
  for (const r of rows.values()) {
    r.start = startTexts.map((m) => m.get(r.key) ?? null)
    r.cells = finals.map((f) => f.cells.get(r.key) ?? null)
  }
  return { startColumns: starts, lastSteps: finals.map((f) => f.lastStep), rows: [...rows.values()] }
}
