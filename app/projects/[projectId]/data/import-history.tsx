'use client'
// The project's imports, newest first; running ones refresh every 2 s; invalid lines and warnings open below.
import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import { ErrorTable, isFinished, WarningTable } from './import-result.tsx'
import { JobStatusBadge } from '../../../_components/job-status-badge.tsx'
import { JobRowStatus } from '../../../_components/job-row-status.tsx'

export function ImportHistory({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const list = useQuery({
    ...trpc.imports.list.queryOptions({ projectId }),
    refetchInterval: (q) => (q.state.data?.some((i) => !isFinished(i.job.status)) ? 2000 : false),
  })
  return (
    <div className="card">
      <h2>Import history</h2>
      {list.isLoading && <p className="muted">Loading…</p>}
      {list.error && <p className="error">{list.error.message}</p>}
      {list.data?.length === 0 && <p className="muted">Nothing imported yet.</p>}
      {!!list.data?.length && (
        <table data-testid="import-history">
          <thead>
            <tr><th>When</th><th>File</th><th>Format</th><th>By</th><th>Status</th><th className="num">New pairs</th><th className="num">Present</th><th className="num">Labels</th><th className="num">Invalid</th></tr>
          </thead>
          <tbody>
            {list.data.map((imp) => (
              <tr key={imp.id}>
                <td className="small">{new Date(imp.createdAt).toLocaleString()}</td>
                <td>
                  {imp.filename}
                  <div className="small muted">{imp.mode === 'ALL_OR_NOTHING' ? 'all or nothing' : 'skip invalid'}{imp.judgeName ? ` · judge ${imp.judgeName}` : ''}</div>
                  {(imp.errors.length > 0 || imp.warnings.length > 0 || imp.job.error) && (
                    <details>
                      <summary className="small">{imp.job.error ? 'error' : [imp.invalidLines && `${imp.invalidLines.toLocaleString()} invalid lines`, imp.warningCount && `${imp.warningCount.toLocaleString()} warnings`].filter(Boolean).join(', ')}</summary>
                      {imp.job.error && <p className="error small">{imp.job.error}</p>}
                      <ErrorTable imp={imp} />
                      <WarningTable imp={imp} />
                    </details>
                  )}
                </td>
                <td className="small">{imp.format}</td>
                <td className="small">{imp.user.name}</td>
                <td><JobStatusBadge status={imp.job.status} testId="import-status" />{!isFinished(imp.job.status) && <JobRowStatus job={imp.job} label="Import progress" />}</td>
                <td className="num">{imp.pairsCreated.toLocaleString()}</td>
                <td className="num">{imp.pairsExisting.toLocaleString()}</td>
                <td className="num">{imp.labelsCreated.toLocaleString()}</td>
                <td className="num">{imp.invalidLines.toLocaleString()}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
