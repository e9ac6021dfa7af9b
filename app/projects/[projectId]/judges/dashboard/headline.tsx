// The dashboard's headline: alignment with the human majority (exactly as the agreement page counts
// it, stated in words underneath), the same on answered pairs only, Cohen's κ and the rater's labels.
import { formatCoefficient, formatShare, kappaReading } from '../../agreement/readings.ts'
import { StatCard as Card } from '../../agreement/stat-card.tsx'
import type { Dashboard } from '../types.ts'

export function Headline({ d }: { d: Dashboard }) {
  const h = d.headline
  const k = kappaReading(d.kappa.kappa)
  const unanswered = h.pairs - h.answered
  return (
    <>
      <div className="grid4">
        <Card testId="stat-alignment" value={formatShare(h.rate)} name="alignment with the human majority"
          detail={h.pairs ? `${h.agree.toLocaleString()} / ${h.pairs.toLocaleString()} pairs agree` : 'no pair with a human majority in the datasets it labelled'} />
        <Card testId="stat-answered" value={formatShare(h.answeredRate)} name="on answered pairs"
          detail={`${h.agree.toLocaleString()} / ${h.answered.toLocaleString()}: the ${h.answered.toLocaleString()} pairs it labelled`} />
        <Card testId="stat-kappa" value={formatCoefficient(d.kappa.kappa)} name="Cohen’s κ against the human majority" badge={k}
          detail={d.kappa.kappa === null ? 'needs answered pairs with a human majority' : `${k.band} agreement beyond chance (Landis & Koch), over ${d.kappa.n.toLocaleString()} answered pairs`} />
        <Card testId="stat-labels" value={d.labels.toLocaleString()} name="labels by this rater"
          detail={d.softLabels ? `${d.softLabels.toLocaleString()} with a probability P(A) (soft labels)` : 'hard labels only: no probabilities'} />
      </div>
      {unanswered > 0 && h.answered < h.pairs / 2 && (
        <p className="card small warn" data-testid="sample-note">
          This rater labelled {h.answered.toLocaleString()} of the {h.pairs.toLocaleString()} pairs with a human majority in its datasets: the
          other {unanswered.toLocaleString()} count as disagreements in the alignment. For a sample run, read the figure on answered pairs.
        </p>
      )}
      <p className="small muted agreement-definition judge-definition" data-testid="alignment-definition">
        <strong>Alignment</strong> = pairs where the judge’s label equals the human majority ÷ the judge’s pairs. Three-way: A, B and Tie are
        three separate answers, and a Tie that matches a human Tie counts as agreement. The human majority of a pair is the strict unique
        plurality of its human labels (one label counts; a shared top is a split, no majority), on pairs with at least the project’s
        minimum of human labels (the note above). The judge’s pairs are every
        pair with a human majority in the datasets the judge labelled. A pair the judge has no label for counts as a disagreement: an
        answer that could not be read is a failure, not an abstention. “On answered pairs” divides the same agreements by the pairs the
        judge did label. κ, the confusion matrix, position bias, calibration and the subsets are on the answered pairs.
      </p>
    </>
  )
}
