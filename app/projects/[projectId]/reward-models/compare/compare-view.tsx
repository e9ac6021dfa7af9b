'use client'
// Two reward models side by side: pickers, a table of settings and metrics (differing settings and
// the better metric marked), their held-out accuracy and loss curves overlaid, and both models'
// accuracy on each benchmark set either was evaluated on, beside the set's length baselines.
import { useQuery } from '@tanstack/react-query'
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import type { ReactNode } from 'react'
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'
import { useTRPC } from '../../../../trpc.ts'
import { LineChart } from '../../../../_components/charts/line-chart.tsx'
import { PALETTE } from '../../../../_components/charts/axis.tsx'
import { adaptiveFormat } from '../../../../_components/job-metric-chart.tsx'
import { JobStatusBadge } from '../../../../_components/job-status-badge.tsx'
import { baseText, num, pct, rate, small, sourcesText } from '../../../../_components/format.ts'
import { BenchmarkCompareTable, BenchmarkLegend } from '../benchmark-table.tsx'

type Props = { projectId: string; a: string | null; b: string | null }
const COLORS = [PALETTE[0], PALETTE[1]]

export function CompareView({ projectId, a, b }: Props) {
  const trpc = useTRPC()
  const router = useRouter()
  const list = useQuery(trpc.rewardModels.list.queryOptions({ projectId }))
  const both = a && b ? { a, b } : null
  const cmp = useQuery({ ...trpc.rewardModels.compare.queryOptions(both ?? { a: '-', b: '-' }), enabled: both !== null })
  const base = `/projects/${projectId}/reward-models`
  const pick = (which: 'a' | 'b', id: string) => {
    const next = new URLSearchParams({ a: a ?? '', b: b ?? '' })
    next.set(which, id)
    router.replace(`${base}/compare?${next}`)
  }
  const models = list.data ?? []
  return (
    <div className="rm-compare">
      <Link href={base} className="small">← Reward models</Link>
      <div className="card row rm-pickers">
        {(['a', 'b'] as const).map((which, i) => (
          <label key={which} className="field">
            <span><span className="chart-swatch" style={{ background: COLORS[i] }} /> Model {which.toUpperCase()}</span>
            <select value={(which === 'a' ? a : b) ?? ''} onChange={(e) => pick(which, e.target.value)} aria-label={`Model ${which.toUpperCase()}`}>
              <option value="" disabled>choose a reward model</option>
              {models.map((m) => <option key={m.id} value={m.id}>{m.name} · {baseText(m.baseModel)} · {m.job.status.toLowerCase()}</option>)}
            </select>
          </label>
        ))}
      </div>
      {!both && <p className="muted">Pick two reward models to compare.</p>}
      {cmp.error && <p className="error">{cmp.error.message}</p>}
      {cmp.data && <Comparison data={cmp.data} base={base} />}
    </div>
  )
}

type Data = inferRouterOutputs<AppRouter>['rewardModels']['compare']

function Comparison({ data, base }: { data: Data; base: string }) {
  const ms = [data.a, data.b]
  const settings: [string, (m: Data['a']) => string][] = [
    ['Base model', (m) => baseText(m.baseModel)],
    ['Label sources', (m) => sourcesText(m.config.sources)],
    ['Human-label share', (m) => pct(m.config.humanShare, 0)],
    ['Held-out share', (m) => pct(m.config.evalShare, 0)],
    ['Ties', (m) => (m.config.ties === 'half' ? 'towards 0.5' : 'dropped')],
    ['Seed', (m) => String(m.config.seed)],
    ['Trainer settings', (m) => Object.entries(m.config.trainer ?? {}).map(([k, v]) => `${k}=${v}`).join(', ') || 'defaults'],
  ]
  // Which side is better: higher accuracy, lower loss and ECE, more tokens/s.
  const metrics: [string, keyof Data['a']['headline'], (v: number | null) => string, 1 | -1][] = [
    ['Held-out accuracy', 'eval/accuracy', (v) => pct(v), 1],
    ['Held-out loss', 'eval/loss', (v) => num(v), -1],
    ['ECE', 'eval/ece', (v) => num(v), -1],
    ['ONNX parity max |Δr|', 'export/parity_max_abs_diff', small, -1],
    ['Training tokens / s', 'train_tokens_per_second', rate, 1],
  ]
  const better = (key: keyof Data['a']['headline'], dir: 1 | -1, i: number) => {
    const [x, y] = ms.map((m) => m.headline[key])
    if (x === null || y === null || x === y) return false
    return (i === 0 ? x - y : y - x) * dir > 0
  }
  const row = (label: string, cells: ReactNode[], differ = false) => (
    <tr key={label} className={differ ? 'rm-differs' : undefined}><th scope="row">{label}</th>{cells.map((c, i) => <td key={i}>{c}</td>)}</tr>
  )
  const curve = (name: 'eval/accuracy' | 'eval/loss') =>
    ms.map((m, i) => ({ name: `${i ? 'B' : 'A'}: ${m.name}`, color: COLORS[i], dashed: i === 1, points: m.curves[name].map((p) => ({ x: p.step, y: p.value })) }))
  return (
    <>
      <div className="card table-card">
        <table className="rm-compare-table" data-testid="compare-table">
          <thead>
            <tr><th />{ms.map((m, i) => (
              <th key={m.id}><span className="chart-swatch" style={{ background: COLORS[i] }} /> <Link href={`${base}/${m.id}`}>{m.name}</Link> <JobStatusBadge status={m.job.status} testId={`compare-status-${i}`} /></th>
            ))}</tr>
          </thead>
          <tbody>
            {metrics.map(([label, key, fmt, dir]) => row(label, ms.map((m, i) => (
              <span key={m.id} className={better(key, dir, i) ? 'rm-better' : undefined} title={better(key, dir, i) ? 'the better of the two' : undefined}>{fmt(m.headline[key])}</span>
            ))))}
            <tr className="rm-compare-sep"><td colSpan={3}>Settings <span className="muted small">(differences highlighted)</span></td></tr>
            {settings.map(([label, get]) => row(label, ms.map((m) => get(m)), get(ms[0]) !== get(ms[1])))}
          </tbody>
        </table>
      </div>
      <div className="grid2">
        <div className="card" data-testid="compare-accuracy">
          <h3>Held-out accuracy</h3>
          {ms.some((m) => m.curves['eval/accuracy'].length)
            ? <LineChart title="eval/accuracy per step" series={curve('eval/accuracy')} xLabel="step" yLabel="accuracy" yFormat={(v) => `${(100 * v).toFixed(1)}%`} integerX />
            : <p className="muted small">No evaluations yet.</p>}
        </div>
        <div className="card" data-testid="compare-loss">
          <h3>Held-out loss</h3>
          {ms.some((m) => m.curves['eval/loss'].length)
            ? <LineChart title="eval/loss per step" series={curve('eval/loss')} xLabel="step" yLabel="loss" integerX yFormat={adaptiveFormat(ms.flatMap((m) => m.curves['eval/loss'].map((p) => p.value)))} />
            : <p className="muted small">No evaluations yet.</p>}
        </div>
      </div>
      <Benchmarks data={data} />
    </>
  )
}

function Benchmarks({ data }: { data: Data }) {
  const missing = (b: Data['benchmarks'][number]) => [!b.a?.results && 'A', !b.b?.results && 'B'].filter(Boolean).join(' and ')
  return (
    <div className="card" data-testid="compare-benchmarks">
      <h3>Benchmarks</h3>
      {data.benchmarks.length === 0 && <p className="muted small">Neither model has been evaluated on a benchmark set yet: evaluate them on their pages.</p>}
      {data.benchmarks.map((b) => (
        <div key={b.set.id} className="bench-set" data-set={b.set.name}>
          <div className="job-head"><h3>{b.set.name}</h3><span className="small muted">{b.set.pairCount.toLocaleString('en')} pairs</span></div>
          {missing(b) && <p className="small muted">Model {missing(b)} not evaluated on this set (yet).</p>}
          <BenchmarkCompareTable a={b.a?.results ?? null} b={b.b?.results ?? null} testId="compare-bench-table" />
        </div>
      ))}
      {data.benchmarks.length > 0 && <BenchmarkLegend />}
    </div>
  )
}
