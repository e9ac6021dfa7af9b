// The training curves of a run (loss, accuracy, reward margins per step, train and held-out; the
// learning-rate schedule) and
// the held-out reward histogram: chosen against rejected rewards at the last evaluation.
import { LineChart } from '../../../../_components/charts/line-chart.tsx'
import { CHOICE_COLORS, PALETTE } from '../../../../_components/charts/axis.tsx'
import { JobMetricChart } from '../../../../_components/job-metric-chart.tsx'
import type { MetricPoint } from '../../../../_components/job-progress.tsx'

const TRAIN = PALETTE[0]
const EVAL = PALETTE[1]
const pctTick = (v: number) => `${Math.round(100 * v)}%`

export function RunCharts({ series }: { series: Record<string, MetricPoint[]> }) {
  return (
    <div className="grid2 rm-charts">
      <div className="card">
        <JobMetricChart
          title="Loss" testId="loss-chart" series={series} yLabel="loss"
          lines={[{ name: 'train/loss', label: 'train/loss', color: TRAIN }, { name: 'eval/loss', label: 'eval/loss (held-out)', color: EVAL }]}
        />
      </div>
      <div className="card">
        <JobMetricChart
          title="Accuracy" testId="accuracy-chart" series={series} yLabel="accuracy" yDomain={[0, 1]} yFormat={pctTick}
          lines={[{ name: 'train/accuracy', label: 'train/accuracy', color: TRAIN }, { name: 'eval/accuracy', label: 'eval/accuracy (held-out)', color: EVAL }]}
        />
      </div>
      <div className="card">
        <JobMetricChart
          title="Reward margin r(chosen) − r(rejected)" testId="margins-chart" series={series} yLabel="margin"
          lines={[{ name: 'train/rewards/margins', label: 'train/rewards/margins', color: TRAIN }, { name: 'eval/rewards/margins', label: 'eval/rewards/margins', color: EVAL }]}
        />
      </div>
      <div className="card">
        <JobMetricChart
          title="Learning rate (warm-up, then cosine decay)" testId="lr-chart" series={series} yLabel="learning rate"
          yFormat={(v) => (v === 0 ? '0' : v.toExponential(1))}
          lines={[{ name: 'train/learning_rate', label: 'train/learning_rate', color: PALETTE[3] }]}
        />
      </div>
    </div>
  )
}

type Bins = { edges: number[]; counts: number[] }

/** Chosen and rejected reward distributions on the held-out pairs, over one set of bins. */
export function RewardHistogram({ histogram }: { histogram: { step: number; chosen: Bins; rejected: Bins } }) {
  const centre = (b: Bins, i: number) => (b.edges[i] + b.edges[i + 1]) / 2
  const toPoints = (b: Bins) => b.counts.map((c, i) => ({ x: centre(b, i), y: c }))
  return (
    <figure className="job-chart" data-testid="reward-histogram">
      <figcaption>Held-out rewards at step {histogram.step}</figcaption>
      <LineChart
        title={`Reward histogram of held-out pairs at step ${histogram.step}`} area integerY xLabel="reward" yLabel="pairs"
        series={[
          { name: 'chosen (preferred) responses', color: CHOICE_COLORS.A, points: toPoints(histogram.chosen) },
          { name: 'rejected responses', color: CHOICE_COLORS.B, points: toPoints(histogram.rejected) },
        ]}
      />
      <p className="small muted">Well separated humps mean the model tells preferred from rejected answers apart; overlap is where it is unsure.</p>
    </figure>
  )
}
