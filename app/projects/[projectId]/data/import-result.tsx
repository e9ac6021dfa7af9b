'use client'
// An import's outcome: status, counters, the job's error, the first invalid lines, and the first lines
// imported with a change (warnings: invalid UTF-8 replaced, NUL removed).
import type { inferRouterOutputs } from '@trpc/server'
import type { AppRouter } from '@/server/api/root.ts'
import { isActiveJob, JobStatusBadge, type JobStatus } from '../../../_components/job-status-badge.tsx'

export type ImportView = inferRouterOutputs<AppRouter>['imports']['get']

/** An import's job has ended (any way). */
export const isFinished = (status?: JobStatus) => status !== undefined && !isActiveJob(status)

export function ImportCounts({ imp }: { imp: ImportView }) {
  return (
    <p className="small" data-testid="import-counts">
      {imp.linesRead.toLocaleString()} lines read · <strong>{imp.pairsCreated.toLocaleString()}</strong> new pairs ·{' '}
      {imp.pairsExisting.toLocaleString()} already present · {imp.labelsCreated.toLocaleString()} new labels ·{' '}
      <span className={imp.invalidLines ? 'warn' : ''}>{imp.invalidLines.toLocaleString()} invalid lines</span>
      {imp.warningCount > 0 && <> · <span className="warn">{imp.warningCount.toLocaleString()} warning{imp.warningCount === 1 ? '' : 's'}</span></>}
    </p>
  )
}

function LineTable({ rows, total, testId, what }: { rows: ImportView['errors']; total: number; testId: string; what: string }) {
  if (!rows.length) return null
  return (
    <div>
      <table data-testid={testId}>
        <thead><tr><th className="num">Line</th><th>{what === 'warnings' ? 'Warning' : 'Reason'}</th></tr></thead>
        <tbody>
          {rows.map((e, i) => (
            <tr key={i}><td className="num">{e.line || '—'}</td><td>{e.reason.replace(/^(line|item) \d+: /, '')}</td></tr>
          ))}
        </tbody>
      </table>
      {total > rows.length && <p className="muted small">… and {(total - rows.length).toLocaleString()} more {what} (only the first {rows.length} are kept).</p>}
    </div>
  )
}

export function ErrorTable({ imp }: { imp: ImportView }) {
  return <LineTable rows={imp.errors} total={imp.invalidLines} testId="import-errors" what="invalid lines" />
}

/** Lines that were imported, but not exactly as written. */
export function WarningTable({ imp }: { imp: ImportView }) {
  return <LineTable rows={imp.warnings} total={imp.warningCount} testId="import-warnings" what="warnings" />
}

export function ImportResult({ imp }: { imp: ImportView }) {
  return (
    <div data-testid="import-result">
      <div className="row">
        <JobStatusBadge status={imp.job.status} testId="import-status" />
        <span className="small muted">{imp.filename}</span>
      </div>
      {imp.job.error && <p className="error" role="alert">{imp.job.error}</p>}
      <ImportCounts imp={imp} />
      <ErrorTable imp={imp} />
      <WarningTable imp={imp} />
    </div>
  )
}
