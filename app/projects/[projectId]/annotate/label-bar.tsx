'use client'
// The label bar, pinned to the bottom of the window: the choice (A / Tie / B), confidence 1–5, an
// optional rationale, and Submit / Skip / Flag / Undo. Every control shows its key; clicking works too,
// without taking focus, so the keyboard flow carries on after a click.
import type { RefObject } from 'react'
import type { Notice } from './use-queue.ts'
import { keepFocus } from './use-shortcuts.ts'

export type Choice = 'A' | 'B' | 'TIE'

const CHOICES: { value: Choice; label: string; keys: string[] }[] = [
  { value: 'A', label: 'A is better', keys: ['1', '←'] },
  { value: 'TIE', label: 'Tie', keys: ['3', '↓'] },
  { value: 'B', label: 'B is better', keys: ['2', '→'] },
]
export const CONFIDENCE_KEYS = ['Q', 'W', 'E', 'R', 'T']
const CONFIDENCE_WORDS = ['a guess', 'unsure', 'fairly sure', 'confident', 'certain']

type Props = {
  choice: Choice | null; confidence: number | null; rationale: string; busy: boolean; hint: string | null
  notice: Notice | null; undoing: boolean; noteRef: RefObject<HTMLTextAreaElement | null>
  onChoose: (c: Choice) => void; onConfidence: (n: number) => void; onRationale: (s: string) => void
  onSubmit: () => void; onSkip: () => void; onUndo: () => void; onFlag: () => void
}

// The ref is taken out of the props first: React's rules treat every field of an object holding a ref as a ref.
export function LabelBar({ noteRef, ...p }: Props) {
  return (
    <div className="label-bar" role="group" aria-label="Your label">
      <div className="label-row">
        <div className="choice-bar" role="radiogroup" aria-label="Which response is better?">
          {CHOICES.map((c) => (
            <button key={c.value} type="button" role="radio" aria-checked={p.choice === c.value} {...keepFocus}
              className={`choice choice-${c.value.toLowerCase()}`} aria-label={c.label} aria-keyshortcuts={c.keys[0]} onClick={() => p.onChoose(c.value)}>
              <span>{c.label}</span>
              <span className="keys">{c.keys.map((k) => <kbd key={k} className="kbd">{k}</kbd>)}</span>
            </button>
          ))}
        </div>
        <div className="confidence">
          <span className="field-name">Confidence</span>
          <div className="seg" role="radiogroup" aria-label="Confidence, 1 (a guess) to 5 (certain)">
            {CONFIDENCE_KEYS.map((k, i) => (
              <button key={k} type="button" role="radio" aria-checked={p.confidence === i + 1} aria-keyshortcuts={k}
                aria-label={`Confidence ${i + 1}: ${CONFIDENCE_WORDS[i]}`} title={`${i + 1}: ${CONFIDENCE_WORDS[i]}`} {...keepFocus}
                onClick={() => p.onConfidence(i + 1)}>
                <span className="n">{i + 1}</span><kbd className="kbd">{k}</kbd>
              </button>
            ))}
          </div>
          <span className="muted small confidence-word">{p.confidence ? CONFIDENCE_WORDS[p.confidence - 1] : 'optional'}</span>
        </div>
      </div>
      <div className="label-row">
        <textarea ref={noteRef} className={`rationale${p.rationale ? ' has-text' : ''}`} aria-label="Rationale (optional)" maxLength={5000} rows={1}
          placeholder="Rationale (optional): / to write, Esc to leave"
          value={p.rationale} onChange={(e) => p.onRationale(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) { e.preventDefault(); p.onSubmit() }
          }} />
        <div className="label-status" aria-live="polite">
          {p.hint ? <span className="notice notice-warn">{p.hint}</span>
            : p.notice ? <span className={`notice notice-${p.notice.tone}`} data-testid="notice">{p.notice.text}</span>
              : p.undoing ? <span className="notice notice-ok">Your earlier answer is filled in.</span> : null}
        </div>
        <button type="button" className="btn" disabled={p.busy} onClick={p.onUndo} {...keepFocus}>Undo <kbd className="kbd">U</kbd></button>
        <button type="button" className="btn" disabled={p.busy} onClick={p.onFlag} {...keepFocus} aria-keyshortcuts="F" title="Flag this pair for a researcher">Flag <kbd className="kbd">F</kbd></button>
        <button type="button" className="btn" disabled={p.busy} onClick={p.onSkip} {...keepFocus}>Skip <kbd className="kbd">S</kbd></button>
        <button type="button" className="btn btn-primary submit" disabled={p.busy} onClick={p.onSubmit} {...keepFocus} data-testid="submit">
          {p.busy ? 'Saving…' : 'Submit'} <kbd className="kbd">Enter</kbd>
        </button>
      </div>
    </div>
  )
}
