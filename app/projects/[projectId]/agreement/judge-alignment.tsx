// AI judge vs the human reference (RLAIF labeller alignment): per judge the share of pairs where its
// label equals the human reference, and the confusion matrix of the two, with the reference's note. The definition is the service's
// (server/services/agreement/compare-judges-with-humans.ts) and is stated on the page.
import { ConfusionHeatmap } from './confusion-heatmap.tsx'
import { formatShare } from './readings.ts'
import type { JudgeRow } from './types.ts'

function Confusion({ judge }: { judge: JudgeRow }) {
  return (
    <figure className="agreement-confusion">
      <ConfusionHeatmap name={judge.name} categories={judge.categories} confusion={judge.confusion} colTitle={`${judge.name} says`} />
      <figcaption className="muted small">{judge.name}: rows are the human majority, columns the judge; the diagonal agrees.</figcaption>
    </figure>
  )
}

export function JudgeAlignment({ judges, note }: { judges: JudgeRow[]; note: string }) {
  return (
    <div className="card" data-testid="judge-alignment">
      <h2>AI judges against the human majority</h2>
      <p className="muted small" data-testid="reference-note">{note}</p>
      {judges.length === 0 ? (
        <p className="muted">No AI judge labels in this project. Import a judge’s verdicts (e.g. a PandaLM judge file) to see how well it matches the annotators.</p>
      ) : (
        <>
          <p className="small muted agreement-definition">
            <strong>Agreement</strong> = pairs where the judge’s label (A, B or Tie) equals the human majority ÷ all pairs with a human
            majority in the datasets the judge labelled. The human majority is the strict plurality of a pair’s human labels (one label
            counts), on pairs with at least the project’s minimum of human labels; pairs without one (a split, e.g. A/B) are left out. A pair the judge gave no valid label counts as a disagreement;
            “on answered pairs” leaves those out.
          </p>
          <table data-testid="judge-table">
            <thead>
              <tr><th>Judge</th><th className="num">Agreement</th><th className="num">Agree / pairs</th><th className="num">On answered pairs</th><th className="num">Answered</th><th className="num">Judge labels</th></tr>
            </thead>
            <tbody>
              {judges.map((j) => (
                <tr key={j.raterKey}>
                  <td>{j.name}</td>
                  <td className="num"><strong>{formatShare(j.rate)}</strong></td>
                  <td className="num">{j.agree.toLocaleString()} / {j.pairs.toLocaleString()}</td>
                  <td className="num">{formatShare(j.answeredRate)}</td>
                  <td className="num">{j.answered.toLocaleString()} of {j.pairs.toLocaleString()}</td>
                  <td className="num">{j.labels.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {judges.some((j) => j.pairs === 0) && <p className="muted small">A judge with no pairs: its datasets have no pairs with a human majority (enough human labels, not split).</p>}
          <div className="agreement-confusions">
            {judges.filter((j) => j.answered > 0).map((j) => <Confusion key={j.raterKey} judge={j} />)}
          </div>
        </>
      )}
    </div>
  )
}
