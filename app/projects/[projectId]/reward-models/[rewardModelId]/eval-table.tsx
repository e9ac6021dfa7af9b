// The held-out evaluation of a run: headline numbers (last evaluation, ONNX parity, throughput)
// and one row per evaluation step.
import { lastValue, meanValue, type MetricPoint } from '../../../../_components/job-progress.tsx'
import { num, pct, rate, small } from '../../../../_components/format.ts'
import { headlineOf, mergeHeadlines, STEP_THROUGHPUT, type Headline } from '@/server/lib/rm-headline.ts'

/** The live series win over the stored summary (they are what the job logged last); the rule is the server's. */
export function liveHeadline(series: Record<string, MetricPoint[]>, stored: Headline): Headline {
  return mergeHeadlines(headlineOf((s) => lastValue(series, s), meanValue(series, STEP_THROUGHPUT)), stored)
}

export function HeadlineStats({ h }: { h: Headline }) {
  const stat = (testId: string, v: string, k: string, hint: string) => (
    <div className="card stat rm-stat" data-testid={testId} title={hint}><span className="v">{v}</span><span className="k">{k}</span></div>
  )
  return (
    <div className="rm-stats">
      {stat('stat-accuracy', pct(h['eval/accuracy']), 'held-out accuracy', 'eval/accuracy: share of held-out pairs where the human-preferred response gets the higher reward (chance = 50%)')}
      {stat('stat-loss', num(h['eval/loss']), 'held-out loss', 'eval/loss: Bradley–Terry loss on held-out pairs (ln 2 ≈ 0.693 = chance)')}
      {stat('stat-ece', num(h['eval/ece']), 'calibration error (ECE)', 'eval/ece: how far P(chosen) = σ(margin) is from how often the chosen side really wins (0 = calibrated)')}
      {stat('stat-parity', small(h['export/parity_max_abs_diff']), 'ONNX vs PyTorch max |Δr|', 'export/parity_max_abs_diff: largest reward difference between the exported ONNX model and PyTorch')}
      {stat('stat-tps', rate(h.train_tokens_per_second), 'training tokens / s', 'real (non-padding) tokens over the training steps\' time: the trainer\'s train_tokens_per_second at the end, the mean of train/tokens_per_second while it runs')}
    </div>
  )
}

export function EvalTable({ series }: { series: Record<string, MetricPoint[]> }) {
  const at = (name: string) => new Map(series[name] ?? [])
  const acc = at('eval/accuracy')
  const loss = at('eval/loss')
  const ece = at('eval/ece')
  const margin = at('eval/rewards/margins')
  const steps = [...new Set([...acc.keys(), ...loss.keys()])].sort((a, b) => a - b)
  if (!steps.length) return <p className="muted small">No held-out evaluation yet: the first comes after “Evaluate every” steps, and one at the end.</p>
  return (
    <table className="rm-eval-table" data-testid="eval-table">
      <thead>
        <tr>
          <th className="num">Step</th><th className="num" title="eval/accuracy">Accuracy</th><th className="num" title="eval/loss">Loss</th>
          <th className="num" title="eval/ece">ECE</th><th className="num" title="eval/rewards/margins">Mean margin</th>
        </tr>
      </thead>
      <tbody>
        {steps.map((s) => (
          <tr key={s}>
            <td className="num">{s.toLocaleString()}</td>
            <td className="num">{pct(acc.get(s))}</td>
            <td className="num">{num(loss.get(s))}</td>
            <td className="num">{num(ece.get(s))}</td>
            <td className="num">{num(margin.get(s))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** What the columns mean, under the table. */
export function EvalLegend() {
  return (
    <dl className="rm-eval-legend small">
      <dt>Accuracy</dt><dd>held-out pairs where the preferred response gets the higher reward (chance: 50%)</dd>
      <dt>Loss</dt><dd>Bradley–Terry loss −log σ(r<sub>chosen</sub> − r<sub>rejected</sub>); ln 2 ≈ 0.693 is a model that cannot tell</dd>
      <dt>ECE</dt><dd>expected calibration error of P(chosen) = σ(margin): 0 when its probabilities match how often it is right</dd>
      <dt>Mean margin</dt><dd>mean r<sub>chosen</sub> − r<sub>rejected</sub>: how far apart it puts the two responses</dd>
    </dl>
  )
}
