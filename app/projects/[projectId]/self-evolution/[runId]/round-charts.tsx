// An SER run's charts, one point per round: held-out human accuracy of each round's reward model
// against the 100%-human reference (a dashed line), the spot-check agreement (and, in experiment
// mode, the self-labels' accuracy on the hidden human labels), and the pool and the pairs each status selected.
import { LineChart, type LineSeries } from '../../../../_components/charts/line-chart.tsx'
import { formatPercent, PALETTE } from '../../../../_components/charts/axis.tsx'
import type { SerRunDetail } from '../types.ts'

export function RoundCharts({ run }: { run: SerRunDetail }) {
  const rounds = run.rounds
  if (rounds.length === 0) return null
  const xs = rounds.map((r) => r.round)
  const ref = run.reference?.accuracy ?? null
  const quality: LineSeries[] = [
    { name: "round's reward model (held-out)", color: PALETTE[0], points: rounds.map((r) => ({ x: r.round, y: r.rewardModel.accuracy })) },
    { name: 'spot-check agreement', color: PALETTE[1], points: rounds.map((r) => ({ x: r.round, y: r.agreement?.spotCheck.agreement?.value ?? null })) },
    ...(run.experiment ? [{ name: 'self-labels vs hidden human labels', color: PALETTE[2], points: rounds.map((r) => ({ x: r.round, y: r.agreement?.hidden?.accuracy?.value ?? null })) }] : []),
    ...(ref !== null ? [{ name: 'reference: 100% of the human labels', color: PALETTE[7], dashed: true, points: [Math.min(...xs), Math.max(...xs)].map((x) => ({ x, y: ref })) }] : []),
  ]
  const counts: LineSeries[] = [
    { name: 'pool', color: PALETTE[7], points: rounds.map((r) => ({ x: r.round, y: r.poolSize })) },
    { name: 'status 1 selects', color: PALETTE[0], points: rounds.map((r) => ({ x: r.round, y: r.status1Count })) },
    { name: 'status 2 selects', color: PALETTE[1], points: rounds.map((r) => ({ x: r.round, y: r.status2Count })) },
  ]
  return (
    <div className="grid2" data-testid="ser-charts">
      <div className="card"><LineChart title="Accuracy per round" series={quality} xLabel="round" yDomain={[0, 1]} yFormat={(v) => formatPercent(v)} integerX width={520} height={260} /></div>
      <div className="card"><LineChart title="Pool and selected pairs per round" series={counts} xLabel="round" integerX integerY width={520} height={260} /></div>
    </div>
  )
}
