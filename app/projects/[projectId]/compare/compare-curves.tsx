// The picked runs' training curves overlaid, one chart per quantity (reward, reward-model score, KL,
// entropy) and one line per run in its colour, named "run (tag)" in the legend. Reuses the job charts.
import { PALETTE } from '../../../_components/charts/axis.tsx'
import { JobMetricChart, type MetricLine } from '../../../_components/job-metric-chart.tsx'
import type { Comparison } from './types.ts'

export const runColor = (i: number) => PALETTE[i % PALETTE.length]
export const runLabel = (r: { name: string; tag: string }) => `${r.name} (${r.tag})`

export function CompareCurves({ comparison }: { comparison: Comparison }) {
  const { runs, curves } = comparison
  const lines: MetricLine[] = runs.map((r, i) => ({ name: r.id, label: runLabel(r), color: runColor(i) }))
  const noLines = runs.filter((r) => curves.every((c) => !c.series.find((s) => s.runId === r.id)?.points.length))
  return (
    <div className="card">
      <h2>Training curves</h2>
      {noLines.length > 0 && (
        <p className="muted small" data-testid="curves-missing">
          No PPO curves for {noLines.map((r) => r.name).join(', ')}{noLines.some((r) => r.kind === 'SFT') ? ' (SFT runs have no reward, KL or entropy)' : ''}.
        </p>
      )}
      <div className="grid2 rm-charts">
        {curves.map((c) => (
          <JobMetricChart
            key={c.metric} title={`${c.label} · ${c.metric}`} testId={`compare-chart-${c.metric.replace('/', '-')}`} yLabel={c.yLabel} lines={lines}
            series={Object.fromEntries(c.series.map((s) => [s.runId, s.points]))}
          />
        ))}
      </div>
    </div>
  )
}
