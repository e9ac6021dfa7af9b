// One headline number with its name, an optional band badge (κ/α readings) and a line in words:
// the cards of the agreement page and of the judge dashboard.
import type { Tone } from './readings.ts'

export function StatCard({ value, name, badge, detail, testId }: { value: string; name: string; badge?: { band: string; tone: Tone }; detail: string; testId: string }) {
  return (
    <div className="card stat agreement-stat" data-testid={testId}>
      <span className="v">{value}</span>
      <span className="k">{name}</span>
      {badge && <span className={`badge badge-tone-${badge.tone}`}>{badge.band}</span>}
      <span className="small agreement-reading">{detail}</span>
    </div>
  )
}
