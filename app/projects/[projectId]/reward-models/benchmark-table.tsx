// A reward model's results on one benchmark set, a row per subset and one over all pairs: accuracy
// with its 95% interval beside the two length baselines (longer response wins / shorter wins) and the
// correlation of reward with length; and the same for two models side by side (the compare view).
// The numbers are the server's (server/lib/benchmark-stats.ts); this only draws them.
import type { BenchmarkResults, SubsetResult } from '@/server/lib/benchmark-stats.ts'
import { IntervalBar } from '../../../_components/interval-bar.tsx'
import { num } from '../../../_components/format.ts'

/** Subsets and the overall row; a set of one subset shows the overall row alone. */
const rowsOf = (r: BenchmarkResults) => (r.subsets.length > 1 ? [...r.subsets, r.overall] : [r.overall])

const subsetCell = (s: SubsetResult, r: BenchmarkResults) => (s === r.overall && r.subsets.length > 1 ? 'All pairs' : s === r.overall ? (r.subsets[0]?.subset ?? s.subset) : s.subset)

export function BenchmarkTable({ results, testId }: { results: BenchmarkResults; testId?: string }) {
  return (
    <div className="bench-wrap">
      <table className="data-table bench-table" data-testid={testId}>
        <thead>
          <tr>
            <th>Subset</th><th className="num">Pairs</th>
            <th className="num" title="reward(chosen) > reward(rejected); equal rewards count half. 95% Wilson interval">Model accuracy</th>
            <th className="num" title="baseline: always prefer the longer response (characters); equal lengths count half">Longer wins</th>
            <th className="num" title="baseline: always prefer the shorter response">Shorter wins</th>
            <th className="num" title="Pearson r of reward with response length in characters, over both responses of every pair">r(reward, length)</th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(results).map((s) => (
            <tr key={s.subset} className={s === results.overall ? 'bench-overall' : undefined} data-subset={s.subset}>
              <td>{subsetCell(s, results)}</td>
              <td className="num">{s.n.toLocaleString('en')}</td>
              <td className="num"><IntervalBar rate={s.accuracy} testId="bench-accuracy" /></td>
              <td className="num"><IntervalBar rate={s.longer} tone="baseline" testId="bench-longer" /></td>
              <td className="num"><IntervalBar rate={s.shorter} tone="baseline" testId="bench-shorter" /></td>
              <td className="num" data-testid="bench-length-r">{num(s.lengthCorrelation, 2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

/** Two models on one set: their accuracies side by side, the baselines (a property of the set) once. */
export function BenchmarkCompareTable({ a, b, testId }: { a: BenchmarkResults | null; b: BenchmarkResults | null; testId?: string }) {
  const base = a ?? b
  if (!base) return null
  const find = (r: BenchmarkResults | null, subset: string) => (r ? [...r.subsets, r.overall].find((s) => s.subset === subset) ?? null : null)
  const cell = (s: SubsetResult | null, tone: 'model' | 'b') => (s ? <IntervalBar rate={s.accuracy} tone={tone} /> : <span className="muted">not evaluated</span>)
  return (
    <div className="bench-wrap">
      <table className="data-table bench-table bench-compare" data-testid={testId}>
        <thead>
          <tr>
            <th>Subset</th><th className="num">Pairs</th><th className="num">A: accuracy</th><th className="num">B: accuracy</th>
            <th className="num">Longer wins</th><th className="num">Shorter wins</th><th className="num">r(reward, length) A / B</th>
          </tr>
        </thead>
        <tbody>
          {rowsOf(base).map((s) => {
            const [sa, sb] = [find(a, s.subset), find(b, s.subset)]
            return (
              <tr key={s.subset} className={s === base.overall ? 'bench-overall' : undefined} data-subset={s.subset}>
                <td>{subsetCell(s, base)}</td>
                <td className="num">{s.n.toLocaleString('en')}</td>
                <td className="num">{cell(sa, 'model')}</td>
                <td className="num">{cell(sb, 'b')}</td>
                <td className="num"><IntervalBar rate={s.longer} tone="baseline" /></td>
                <td className="num"><IntervalBar rate={s.shorter} tone="baseline" /></td>
                <td className="num">{num(sa?.lengthCorrelation, 2)} / {num(sb?.lengthCorrelation, 2)}</td>
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

/** What the columns mean, under a table. */
export function BenchmarkLegend() {
  return (
    <p className="small muted">
      Accuracy: pairs where the chosen response gets the higher reward (equal rewards count half), with its 95% Wilson interval
      (the band; ± is its half-width). The baselines always pick the longer or the shorter response by characters (equal lengths
      count half): a model no better than &ldquo;longer wins&rdquo; may only have learnt length. r: Pearson correlation of reward with
      response length over both responses of every pair. The dashed line is 50%, chance.
    </p>
  )
}
