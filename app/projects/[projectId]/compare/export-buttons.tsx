'use client'
// Download the comparison as shown (the compare.get answer): JSON whole, or CSV as one long table
// (server/lib/comparison-csv.ts). Built in the browser from the data already loaded: no second request.
import { comparisonCsv } from '@/server/lib/comparison-csv.ts'
import type { Comparison } from './types.ts'

function download(name: string, type: string, text: string) {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.appendChild(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

export function ExportButtons({ comparison }: { comparison: Comparison }) {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
  const base = `comparison-${comparison.projectId}-${stamp}`
  return (
    <div className="row">
      <button type="button" className="btn btn-small" onClick={() => download(`${base}.json`, 'application/json', JSON.stringify(comparison, null, 2))}>Export JSON</button>
      <button type="button" className="btn btn-small" onClick={() => download(`${base}.csv`, 'text/csv;charset=utf-8', comparisonCsv(comparison))}>Export CSV</button>
    </div>
  )
}
