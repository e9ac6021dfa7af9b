'use client'
// An import's outcome: status, counters, the job's error, and the first invalid lines.
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'

export type ImportView = inferRouterOutputs<AppRouter>['imports']['get']

const BADGE: Record<string, string> = { SUCCEEDED: 'badge badge-ok', FAILED: 'badge badge-err', CANCELLED: 'badge badge-err', RUNNING: 'badge badge-run', QUEUED: 'badge' }

export const isFinished = (status?: string) => status === 'SUCCEEDED' || status === 'FAILED' || status === 'CANCELLED'

export function StatusBadge({ status }: { status: string }) {
  return <span className={BADGE[status] ?? 'badge'}>{status.toLowerCase()}</span>
}

export function ImportCounts({ imp }: { imp: ImportView }) {
  return (
    <p className="small" data-testid="import-counts">
      {imp.linesRead.toLocaleString()} lines read · <strong>{imp.pairsCreated.toLocaleString()}</strong> new pairs ·{' '}
      {imp.pairsExisting.toLocaleString()} already present · {imp.labelsCreated.toLocaleString()} new labels ·{' '}
      <span className={imp.invalidLines ? 'warn' : ''}>{imp.invalidLines.toLocaleString()} invalid lines</span>
    </p>
  )
}

export function ErrorTable({ imp }: { imp: ImportView }) {
  if (!imp.errors.length) return null
  return (
    <div>
      <table data-testid="import-errors">
        <thead><tr><th className="num">Line</th><th>Reason</th></tr></thead>
        <tbody>
          {imp.errors.map((e, i) => (
            <tr key={i}><td className="num">{e.line || '—'}</td><td>{e.reason.replace(/^(line|item) \d+: /, '')}</td></tr>
          ))}
        </tbody>
      </table>
      {imp.invalidLines > imp.errors.length && <p className="muted small">… and {(imp.invalidLines - imp.errors.length).toLocaleString()} more invalid lines (only the first {imp.errors.length} are kept).</p>}
    </div>
  )
}

export function ImportResult({ imp }: { imp: ImportView }) {
  return (
    <div data-testid="import-result">
      <div className="row">
        <StatusBadge status={imp.job.status} />
        <span className="small muted">{imp.filename}</span>
      </div>
      {imp.job.error && <p className="error" role="alert">{imp.job.error}</p>}
      <ImportCounts imp={imp} />
      <ErrorTable imp={imp} />
    </div>
  )
}
