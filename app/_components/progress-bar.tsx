// A labelled progress bar: "123 / 456 human labels (27%)".
export function ProgressBar({ value, total, label }: { value: number; total: number; label: string }) {
  const pct = total > 0 ? Math.min(100, (100 * value) / total) : 0
  return (
    <div role="progressbar" aria-valuenow={Math.round(pct)} aria-valuemin={0} aria-valuemax={100} aria-label={label}>
      <div className="progress"><div style={{ width: `${pct}%` }} /></div>
      <div className="muted small">{value.toLocaleString()} / {total.toLocaleString()} {label} ({pct.toFixed(0)}%)</div>
    </div>
  )
}
