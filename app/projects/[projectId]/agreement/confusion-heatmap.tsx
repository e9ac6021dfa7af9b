// The confusion matrix of an AI rater against the human majority (rows humans, columns the rater;
// A, B, Tie), as a heatmap with a count and the share of its human row in each cell's title. Used
// by the agreement page's judge alignment and by the judge dashboard.
import { HeatmapMatrix } from '../../../_components/charts/heatmap.tsx'
import { formatShare } from './readings.ts'

const NAMES = { A: 'A', B: 'B', TIE: 'Tie' } as const

export function ConfusionHeatmap({ name, categories, confusion, colTitle }: {
  name: string; categories: readonly (keyof typeof NAMES)[]; confusion: number[][]; colTitle: string
}) {
  const names = categories.map((c) => NAMES[c])
  const max = Math.max(1, ...confusion.flat())
  const rowTotals = confusion.map((row) => row.reduce((a, b) => a + b, 0))
  const cells = confusion.map((row, i) => row.map((count, j) => ({
    value: count,
    text: count.toLocaleString(),
    title: `Humans ${names[i]}, ${name} ${names[j]}: ${count.toLocaleString()} pairs (${formatShare(rowTotals[i] ? count / rowTotals[i] : null)} of the human-${names[i]} pairs)`,
  })))
  return (
    <HeatmapMatrix title={`Confusion matrix: human majority against ${name}`} rowLabels={names} colLabels={names} cells={cells}
      domain={[0, max]} rowTitle="human majority" colTitle={colTitle} cellSize={62} format={(v) => Math.round(v).toLocaleString()} />
  )
}
