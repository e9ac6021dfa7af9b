'use client'
// The agreement page's gold section: how many gold pairs the project has and the rate they are served
// at, then each annotator's accuracy on them with its 95% interval, flagged below the threshold.
import { useQuery } from '@tanstack/react-query'
import { useTRPC } from '../../../trpc.ts'
import { IntervalBar } from '../../../_components/interval-bar.tsx'
import { pct } from '../../../_components/format.ts'

export function GoldAccuracy({ projectId }: { projectId: string }) {
  const trpc = useTRPC()
  const q = useQuery(trpc.agreement.gold.queryOptions({ projectId }))
  if (!q.data) return q.error ? <div className="card"><p className="error">{q.error.message}</p></div> : null
  const { goldPairs, settings, annotators } = q.data
  return (
    <div className="card table-card" data-testid="gold-accuracy">
      <h3>Gold pairs</h3>
      <p className="small muted">
        {goldPairs === 0
          ? 'No gold pairs yet: mark pairs gold with their correct answer on a pair page of the Data tab, or with a gold column on import.'
          : `${goldPairs.toLocaleString()} gold pair${goldPairs === 1 ? '' : 's'}, served blind to each annotator once, at ${pct(settings.goldRate, 0)} of their items.`}
        {' '}An annotator is flagged below {pct(settings.goldThreshold, 0)} accuracy once they have answered {settings.goldMinAnswers} gold pairs (project settings).
      </p>
      {annotators.length > 0 && (
        <table className="data-table">
          <thead><tr><th>Annotator</th><th className="num">Answered</th><th className="num">Correct</th><th>Accuracy (95% interval)</th><th /></tr></thead>
          <tbody>
            {annotators.map((a) => (
              <tr key={a.userId} data-testid={`gold-row-${a.userId}`}>
                <td>{a.name}</td>
                <td className="num">{a.answered}</td>
                <td className="num">{a.correct}</td>
                <td><IntervalBar rate={a.accuracy} /></td>
                <td>{a.flagged ? <span className="badge badge-err" title={`Below ${pct(settings.goldThreshold, 0)} on gold pairs`}>flagged</span> : a.answered < settings.goldMinAnswers ? <span className="small muted">too few answers</span> : null}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
