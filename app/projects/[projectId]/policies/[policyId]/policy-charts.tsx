// The curves of a policy run, named as TRL names them. SFT: loss (train and held-out), perplexity,
// learning rate. PPO: scores (raw, with the KL penalty, held-out, and the baseline contrastive
// rewards subtract), KL and its coefficient, entropy, clip fractions, losses, response length, and
// where each iteration's time went (generate / score / reference / update).
import { PALETTE } from '../../../../_components/charts/axis.tsx'
import { HorizontalBars } from '../../../../_components/charts/horizontal-bars.tsx'
import { JobMetricChart, type MetricLine } from '../../../../_components/job-metric-chart.tsx'
import type { MetricPoint } from '../../../../_components/job-progress.tsx'

type Series = Record<string, MetricPoint[]>
const line = (name: string, color: number, label = name, dashed = false): MetricLine => ({ name, label, color: PALETTE[color], dashed })
const pctTick = (v: number) => `${Math.round(100 * v)}%`

function Chart({ title, testId, series, lines, yLabel, yFormat }: { title: string; testId: string; series: Series; lines: MetricLine[]; yLabel: string; yFormat?: (v: number) => string }) {
  return <div className="card"><JobMetricChart title={title} testId={testId} series={series} lines={lines} yLabel={yLabel} yFormat={yFormat} /></div>
}

export function SftCharts({ series }: { series: Series }) {
  return (
    <div className="grid2 rm-charts">
      <Chart title="Loss (response tokens)" testId="sft-loss-chart" series={series} yLabel="loss" lines={[line('train/loss', 0), line('eval/loss', 1, 'eval/loss (held-out)')]} />
      <Chart title="Held-out perplexity" testId="sft-ppl-chart" series={series} yLabel="perplexity" lines={[line('eval/perplexity', 1)]} />
      <Chart title="Learning rate (warm-up, then cosine decay)" testId="sft-lr-chart" series={series} yLabel="learning rate" yFormat={(v) => (v === 0 ? '0' : v.toExponential(1))} lines={[line('train/learning_rate', 3)]} />
    </div>
  )
}

export function PpoCharts({ series, contrastive, drlaif = false }: { series: Series; contrastive: boolean; drlaif?: boolean }) {
  const scores = [
    line('objective/scores', 0, drlaif ? 'objective/scores (AI judge rating)' : 'objective/scores (reward model)'),
    line('objective/rlhf_reward', 2, contrastive ? 'objective/rlhf_reward (score − baseline − penalty − β·KL)' : 'objective/rlhf_reward (score − penalty − β·KL)'),
    line('eval/scores', 1, 'eval/scores (held-out, greedy)'),
    ...(contrastive ? [line('objective/baseline', 7, 'objective/baseline (subtracted)', true)] : []),
  ]
  return (
    <div className="grid2 rm-charts">
      <Chart title={drlaif ? 'AI judge ratings' : 'Reward model scores'} testId="ppo-scores-chart" series={series} yLabel="score" lines={scores} />
      <Chart title="KL from the SFT policy" testId="ppo-kl-chart" series={series} yLabel="KL (nats per response)" lines={[line('objective/kl', 1), line('policy/approxkl_avg', 3, 'policy/approxkl_avg (per update)', true)]} />
      <Chart title="Entropy" testId="ppo-entropy-chart" series={series} yLabel="nats" lines={[line('objective/entropy', 4, 'objective/entropy (per response)')]} />
      <Chart title="Clipped share" testId="ppo-clip-chart" series={series} yLabel="share" yFormat={pctTick} lines={[line('policy/clipfrac_avg', 0), line('val/clipfrac_avg', 1)]} />
      <Chart title="Losses" testId="ppo-loss-chart" series={series} yLabel="loss" lines={[line('loss/policy_avg', 0), line('loss/value_avg', 1)]} />
      <Chart title="Response length (a sudden rise is the first sign of reward hacking)" testId="ppo-length-chart" series={series} yLabel="tokens" lines={[line('objective/response_length', 6, 'objective/response_length (tokens)'), line('val/num_eos_tokens', 5, 'val/num_eos_tokens (ended with EOS)', true)]} />
      <div className="card"><TimeSplit series={series} drlaif={drlaif} /></div>
      <Chart title="KL coefficient β" testId="ppo-beta-chart" series={series} yLabel="β" lines={[line('objective/kl_coef', 3)]} />
    </div>
  )
}

const PHASES = [
  { key: 'time/generate', label: 'generate rollouts' },
  { key: 'time/score', label: 'score with the RM' },
  { key: 'time/reference', label: 'reference + values' },
  { key: 'time/update', label: 'PPO update' },
]

/** Seconds spent in each phase over the iterations so far, and each phase's share. */
export function TimeSplit({ series, drlaif = false }: { series: Series; drlaif?: boolean }) {
  const phases = PHASES.map((p) => (drlaif && p.key === 'time/score' ? { ...p, label: 'ratings by the judge' } : p))
  const totals = PHASES.map((p) => (series[p.key] ?? []).reduce((s, [, v]) => s + v, 0))
  const all = totals.reduce((a, b) => a + b, 0)
  return (
    <figure className="job-chart" data-testid="ppo-time-split">
      <figcaption>Where the time went</figcaption>
      {all === 0 ? <p className="muted small">Shown after the first iteration.</p> : (
        <HorizontalBars
          title="Seconds per phase over all iterations" xLabel="seconds" format={(v) => v.toFixed(1)}
          rows={phases.map((p, i) => ({ label: p.label, value: totals[i], note: `${Math.round((100 * totals[i]) / all)}%`, color: PALETTE[i], title: `${p.key}: ${totals[i].toFixed(1)} s` }))}
        />
      )}
    </figure>
  )
}
