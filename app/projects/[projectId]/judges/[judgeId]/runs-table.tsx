// Every run of a judge, newest first: what it covered, how far it got, what it cost in requests,
// tokens, dollars and time, and the dashboard of the labels it made (its version's rater key).
import Link from 'next/link'
import { formatDuration, JobStatusBadge } from '../../../../_components/job-status-badge.tsx'
import { whenText } from '../../../../_components/format.ts'
import { dashboardPath, scopeText, usd, type JudgeRun } from '../types.ts'

/** Wall-clock time of the run's job; "–" before it starts. */
function took(r: JudgeRun): string {
  if (!r.job.startedAt) return '–'
  const end = r.job.finishedAt ? +new Date(r.job.finishedAt) : Date.now()
  return formatDuration(end - +new Date(r.job.startedAt))
}

export function RunsTable({ projectId, runs }: { projectId: string; runs: JudgeRun[] }) {
  return (
    <div className="card table-card">
      <h2 className="judge-table-title">Runs</h2>
      {runs.length === 0 ? <p className="muted judge-table-title">No runs yet.</p> : (
        <table data-testid="runs-table" className="data-table judge-runs">
          <thead>
            <tr>
              <th>Started</th><th>Version</th><th>Scope</th><th>Status</th>
              <th className="num">Done</th><th className="num">Failed</th><th className="num">Total</th>
              <th className="num">Requests</th><th className="num">Retries</th>
              <th className="num" title="prompt / completion tokens">Tokens</th><th className="num">Cost</th><th className="num">Time</th><th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="run-row">
                <td className="small nowrap">{whenText(r.createdAt)}</td>
                <td>v{r.configVersion}</td>
                <td className="small">{scopeText(r)}</td>
                <td><JobStatusBadge status={r.job.status} testId="run-status" /></td>
                <td className="num" data-testid="run-done">{r.pairsDone.toLocaleString()}</td>
                <td className="num">{r.pairsFailed.toLocaleString()}</td>
                <td className="num" data-testid="run-total">{r.pairsTotal.toLocaleString()}</td>
                <td className="num">{r.requests.toLocaleString()}</td>
                <td className="num">{r.retries.toLocaleString()}</td>
                <td className="num small nowrap">{r.promptTokens.toLocaleString()} / {r.completionTokens.toLocaleString()}</td>
                <td className="num">{usd(r.costUsd)}</td>
                <td className="num" title={`${formatDuration(r.judgeMs)} waiting for the endpoint, summed over pairs`}>{took(r)}</td>
                <td className="num nowrap">{r.pairsDone > 0 ? <Link href={dashboardPath(projectId, r.raterKey)}>Dashboard →</Link> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
