// The completions of the compared runs for the same evaluation prompts: one row per prompt, the SFT
// policy's completion at step 0 (before PPO moved it), then each run's completion at its last
// evaluation with its reward-model score (and the same model's score of the step-0 completion:
// scores of different reward models are on different scales, so each run is read against its own start).
import { num } from '../../../_components/format.ts'
import { Completion, PromptCell } from '../policies/[policyId]/samples-table.tsx'
import { runColor } from './compare-curves.tsx'
import type { Comparison } from './types.ts'

export function SideBySide({ comparison }: { comparison: Comparison }) {
  const { runs, samples } = comparison
  return (
    <div className="card" data-testid="side-by-side">
      <h2>Completions side by side</h2>
      {samples.rows.length === 0 ? (
        <p className="muted small">None of these runs has written evaluation samples yet.</p>
      ) : (
        <div className="compare-scroll">
          <table className="data-table samples-table compare-samples">
            <thead>
              <tr>
                <th>Prompt</th>
                {samples.startColumns.map((c) => <th key={c.parentId}>{c.parentName} · step 0 (SFT)</th>)}
                {runs.map((r, i) => (
                  <th key={r.id} style={{ borderTop: `3px solid ${runColor(i)}` }}>
                    {r.name} <span className="muted small">({r.tag}{samples.lastSteps[i] !== null ? `, step ${samples.lastSteps[i]}` : ''})</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {samples.rows.map((row) => (
                <tr key={row.key} data-testid="sample-row">
                  <td className="sample-prompt"><PromptCell text={row.prompt} /></td>
                  {row.start.map((text, i) => <td key={`s${i}`}>{text === null ? <span className="muted">–</span> : <Completion text={text} />}</td>)}
                  {row.cells.map((cell, i) => (
                    <td key={runs[i].id} data-testid="sample-cell">
                      {cell ? (
                        <>
                          <Completion text={cell.completion} score={cell.score ?? undefined} eos={cell.eos ?? undefined} />
                          {cell.startScore !== null && cell.score !== null && (
                            <div className="small muted">step 0 scored {num(cell.startScore, 3)} ({cell.score - cell.startScore >= 0 ? '+' : ''}{num(cell.score - cell.startScore, 3)})</div>
                          )}
                        </>
                      ) : <span className="muted">–</span>}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  )
}
