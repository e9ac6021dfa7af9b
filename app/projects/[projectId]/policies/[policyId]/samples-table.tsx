'use client'
// The completions a run sampled from held-out prompts at each evaluation (greedy, so steps compare):
// pick a step, optionally a step to compare with (e.g. the first one, before PPO moved the policy),
// and read prompt, completion, the reward model's score and whether it ended with EOS. SFT rows show
// the preferred response it imitates as the reference.
import { useState } from 'react'
import { num } from '../../../../_components/format.ts'
import { parseTranscript, Transcript } from '../../../../_components/transcript.tsx'
import type { SampleStep } from '../types.ts'

export function SamplesTable({ steps, kind }: { steps: SampleStep[]; kind: 'SFT' | 'PPO' }) {
  const [at, setAt] = useState<number | null>(null)
  const [against, setAgainst] = useState<number | null>(null)
  if (steps.length === 0) return <p className="muted small">Completions of held-out prompts appear here at each evaluation.</p>
  const shown = steps.find((s) => s.step === at) ?? steps.at(-1)!
  const other = against === null ? null : steps.find((s) => s.step === against) ?? null
  const mean = (s: SampleStep) => { const v = s.samples.map((x) => x.score).filter((x): x is number => typeof x === 'number'); return v.length ? v.reduce((a, b) => a + b, 0) / v.length : null }
  return (
    <div data-testid="samples">
      <div className="row small">
        <label className="inline">Step
          <select value={shown.step} onChange={(e) => setAt(Number(e.target.value))} aria-label="Sample step">
            {steps.map((s) => <option key={s.step} value={s.step}>{s.step}{kind === 'PPO' && mean(s) !== null ? ` (mean score ${num(mean(s), 2)})` : ''}</option>)}
          </select>
        </label>
        <label className="inline">compare with
          <select value={against ?? ''} onChange={(e) => setAgainst(e.target.value === '' ? null : Number(e.target.value))} aria-label="Compare with step">
            <option value="">nothing</option>
            {steps.filter((s) => s.step !== shown.step).map((s) => <option key={s.step} value={s.step}>step {s.step}</option>)}
          </select>
        </label>
      </div>
      <table className="data-table samples-table">
        <thead><tr><th>Prompt</th><th>Completion at step {shown.step}</th>{other && <th>At step {other.step}</th>}{kind === 'SFT' && <th>Preferred response</th>}</tr></thead>
        <tbody>
          {shown.samples.map((s, i) => {
            const o = other?.samples.find((x) => x.prompt === s.prompt)
            return (
              <tr key={s.id ?? i}>
                <td className="sample-prompt"><PromptCell text={s.prompt} /></td>
                <td><Completion text={s.completion} score={s.score} eos={s.eos} /></td>
                {other && <td>{o ? <Completion text={o.completion} score={o.score} eos={o.eos} /> : <span className="muted">–</span>}</td>}
                {kind === 'SFT' && <td className="small muted">{s.reference}</td>}
              </tr>
            )
          })}
        </tbody>
      </table>
    </div>
  )
}

export function Completion({ text, score, eos }: { text: string; score?: number; eos?: boolean }) {
  return (
    <div>
      <div className="sample-text">{text.trim() ? text : <span className="muted">{text ? '(only whitespace)' : '(empty: EOS at once)'}</span>}</div>
      {(score !== undefined || eos !== undefined) && (
        <div className="small muted">{score !== undefined && <>score {num(score, 3)}</>}{eos === false && <span className="warn"> · cut off (no EOS)</span>}</div>
      )}
    </div>
  )
}

/** The last turn of the prompt (what the completion answers); the whole conversation on request. */
export function PromptCell({ text }: { text: string }) {
  const turns = parseTranscript(text)
  const last = turns?.at(-1)?.text ?? text
  return (
    <div>
      <div className="sample-text">{last.length > 400 ? `${last.slice(0, 400)}…` : last}</div>
      {turns && turns.length > 1 && (
        <details className="small"><summary>whole conversation ({turns.length} turns)</summary><Transcript text={text} /></details>
      )}
    </div>
  )
}
