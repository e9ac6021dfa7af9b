// The four headline cards: Fleiss κ, Krippendorff α, pairs with ≥ 2 labels, raters; each with a
// one-line reading in plain words.
import { alphaReading, formatCoefficient, kappaReading } from './readings.ts'
import { StatCard as Card } from './stat-card.tsx'
import type { Agreement } from './types.ts'

export function HeadlineStats({ data }: { data: Agreement }) {
  const { overall, fleiss, krippendorff } = data
  const fk = kappaReading(fleiss.kappa)
  const ka = alphaReading(krippendorff.alpha)
  const overlapping = data.raters.filter((r) => r.majority.n > 0 || data.pairwise.some((p) => p.raterX === r.raterKey || p.raterY === r.raterKey)).length
  return (
    <div className="grid4">
      <Card testId="stat-fleiss" value={formatCoefficient(fleiss.kappa)} name="Fleiss’ κ" badge={fk}
        detail={fleiss.kappa === null ? fk.sentence : `${fk.sentence}; over ${fleiss.items.toLocaleString()} pairs, ${fleiss.meanRaters.toFixed(1)} labels each`} />
      <Card testId="stat-alpha" value={formatCoefficient(krippendorff.alpha)} name="Krippendorff’s α (nominal)" badge={ka}
        detail={krippendorff.alpha === null ? ka.sentence : `${ka.sentence}; ${krippendorff.pairable.toLocaleString()} pairable labels`} />
      <Card testId="stat-pairs" value={overall.pairsWith2plus.toLocaleString()} name="pairs with ≥ 2 labels"
        detail={overall.pairsWith2plus === 0
          ? 'needs at least two annotators on the same pairs'
          : `of ${overall.labelledPairs.toLocaleString()} labelled (${overall.pairs.toLocaleString()} in the project); only these count for agreement`} />
      <Card testId="stat-raters" value={overall.raters.toLocaleString()} name="raters"
        detail={`${overall.ratings.toLocaleString()} labels; ${overlapping} of them share pairs with another rater`} />
    </div>
  )
}
