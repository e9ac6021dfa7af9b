// The compare page's CSV export: the whole comparison as one long ("tidy") table, one fact a row, so a
// spreadsheet or pandas can filter and pivot it: section (run | metric | config | sample), the run, a key
// (field, metric name, setting, prompt id, the opponent of a win rate), the step, the value, a sample's score and prompt, and a
// note (a setting: differs or same across the runs, and whether it is the trainer's default).
// Evaluations add win_rate rows (row run over the key's run, ties half, note: counts and 95% interval)
// and harmless_rate / eval_length rows. Pure, no imports: it takes the comparison's shape structurally (the page builds the file in the browser).
// Text cells that a spreadsheet would run as a formula (=, +, -, @, tab, CR first) get a leading quote.

type Value = string | number | boolean | null | undefined
type Run = { id: string; name: string; tag: string; kind: string; status: string; rewardMode: string | null; parent: { name: string } | null; rewardModel: { name: string } | null }
export type ComparisonForCsv = {
  runs: Run[]
  curves: { metric: string; series: { runId: string; points: [number, number][] }[] }[]
  config: { key: string; values: Value[]; differs: boolean; defaulted: boolean[] }[]
  samples: {
    startColumns: { parentId: string; parentName: string; step: number }[]
    rows: { key: string; promptId: string | null; prompt: string; start: (string | null)[]; cells: ({ step: number; completion: string; score: number | null } | null)[] }[]
  }
  evaluations?: EvaluationForCsv[]
}

type EvalCell = { source: string; policyAId: string; policyBId: string; n: number; wins: number; losses: number; ties: number; winRate: number; low: number; high: number }
type EvalPolicy = { policyId: string; meanTokens: number; harmless: { rate: number; low: number; high: number; n: number } | null }
export type EvaluationForCsv = { name: string; matrix: EvalCell[]; policies: EvalPolicy[] }

export const CSV_COLUMNS = ['section', 'run_id', 'run_name', 'tag', 'key', 'step', 'value', 'score', 'prompt', 'note'] as const

export function csvCell(v: Value): string {
  if (v === null || v === undefined) return ''
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : ''
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  const text = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text
}

export function comparisonCsv(c: ComparisonForCsv): string {
  const out: Value[][] = [[...CSV_COLUMNS]]
  const push = (section: string, run: { id: string; name: string; tag: string }, key: string, step: number | null, value: Value, score: Value = null, prompt: Value = null, note: Value = null) =>
    out.push([section, run.id, run.name, run.tag, key, step, value, score, prompt, note])
  const byId = new Map(c.runs.map((r) => [r.id, r]))
  for (const r of c.runs) {
    push('run', r, 'kind', null, r.kind)
    push('run', r, 'status', null, r.status)
    if (r.rewardMode) push('run', r, 'reward_mode', null, r.rewardMode)
    if (r.parent) push('run', r, 'sft_policy', null, r.parent.name)
    if (r.rewardModel) push('run', r, 'reward_model', null, r.rewardModel.name)
  }
  for (const curve of c.curves) {
    for (const s of curve.series) for (const [step, value] of s.points) push('metric', byId.get(s.runId)!, curve.metric, step, value)
  }
  for (const row of c.config) {
    c.runs.forEach((r, i) => push('config', r, row.key, null, row.values[i], null, null, `${row.differs ? 'differs' : 'same'}${row.defaulted[i] ? ', trainer default' : ''}`))
  }
  for (const row of c.samples.rows) {
    const promptKey = row.promptId ?? ''
    c.samples.startColumns.forEach((col, i) => {
      if (row.start[i] !== null) push('sample', { id: col.parentId, name: col.parentName, tag: 'SFT' }, promptKey, col.step, row.start[i], null, row.prompt)
    })
    c.runs.forEach((r, i) => {
      const cell = row.cells[i]
      if (cell) push('sample', r, promptKey, cell.step, cell.completion, cell.score, row.prompt)
    })
  }
  for (const ev of c.evaluations ?? []) {
    for (const m of ev.matrix) {
      const [a, b] = [byId.get(m.policyAId), byId.get(m.policyBId)]
      if (!a || !b) continue
      const note = (w: number, l: number, lo: number, hi: number) => `${ev.name}; n ${m.n}, wins ${w}, losses ${l}, ties ${m.ties}; 95% ${lo.toFixed(4)}-${hi.toFixed(4)}`
      push('win_rate', a, `${m.source} vs ${b.name}`, null, m.winRate, null, null, note(m.wins, m.losses, m.low, m.high))
      push('win_rate', b, `${m.source} vs ${a.name}`, null, (m.losses + m.ties / 2) / m.n, null, null, note(m.losses, m.wins, 1 - m.high, 1 - m.low))
    }
    for (const p of ev.policies) {
      const r = byId.get(p.policyId)
      if (!r) continue
      if (p.harmless) push('harmless_rate', r, ev.name, null, p.harmless.rate, null, null, `n ${p.harmless.n}; 95% ${p.harmless.low.toFixed(4)}-${p.harmless.high.toFixed(4)}`)
      push('eval_length', r, ev.name, null, p.meanTokens, null, null, 'mean response tokens')
    }
  }
  return out.map((cells) => cells.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
