'use client'
// One pair to label: the prompt (transcript turns), responses A and B side by side, and the label
// bar. The form lives here and is keyed by the lease, so a new item starts blank (or, after an
// undo, with the answer that was taken back). Every action has a key; see side-panel.tsx. F opens
// the flag dialog (flag-dialog.tsx); the other keys rest while it is open.
import { useEffect, useRef, useState } from 'react'
import { Markdown } from '../../../_components/markdown.tsx'
import { parseTranscript, Transcript } from '../../../_components/transcript.tsx'
import { FlagDialog } from './flag-dialog.tsx'
import { LabelBar, type Choice } from './label-bar.tsx'
import type { LabelInput, Notice, QueueItem } from './use-queue.ts'
import { useShortcuts } from './use-shortcuts.ts'

type OpenItem = Extract<QueueItem, { done: false }>

type Props = { item: OpenItem; busy: boolean; notice: Notice | null; onSubmit: (l: LabelInput) => void; onSkip: () => void; onUndo: () => void }

export function ItemView({ item, busy, notice, onSubmit, onSkip, onUndo }: Props) {
  const [choice, setChoice] = useState<Choice | null>(item.previous?.choice ?? null)
  const [confidence, setConfidence] = useState<number | null>(item.previous?.confidence ?? null)
  const [rationale, setRationale] = useState(item.previous?.rationale ?? '')
  const [hint, setHint] = useState<string | null>(null)
  const [flagging, setFlagging] = useState(false)
  const [flagged, setFlagged] = useState(false)
  const top = useRef<HTMLDivElement>(null)
  const note = useRef<HTMLTextAreaElement>(null)

  // A new pair starts at its prompt, not wherever the last one was scrolled to.
  useEffect(() => {
    const el = top.current
    if (el && el.getBoundingClientRect().top < 0) el.scrollIntoView({ block: 'start' })
  }, [])

  const choose = (c: Choice) => { setChoice(c); setHint(null) }
  const submit = () => {
    if (!choice) { setHint('Choose first: 1 / ← for A, 2 / → for B, 3 / ↓ for a tie.'); return }
    onSubmit({ choice, confidence: confidence ?? undefined, rationale: rationale.trim() || undefined })
  }
  useShortcuts({
    '1': () => choose('A'), ArrowLeft: () => choose('A'),
    '2': () => choose('B'), ArrowRight: () => choose('B'),
    '3': () => choose('TIE'), ArrowDown: () => choose('TIE'),
    q: () => setConfidence(1), w: () => setConfidence(2), e: () => setConfidence(3), r: () => setConfidence(4), t: () => setConfidence(5),
    Enter: submit, s: onSkip, u: onUndo, '/': () => note.current?.focus(), f: () => setFlagging(true),
  }, !busy && !flagging)

  const { pair } = item
  return (
    <div ref={top} className="annotate-item" data-testid="pair" data-pair-id={pair.id} data-assignment-id={item.assignmentId}>
      <section className="card prompt-card" aria-label="Prompt">
        <div className="section-head">
          <h2>{parseTranscript(pair.prompt) ? 'Conversation' : 'Prompt'}</h2>
          <span className="muted small">Which response is better?</span>
        </div>
        <Transcript text={pair.prompt} />
      </section>
      <div className="responses">
        <Response side="A" text={pair.responseA} picked={choice === 'A'} tie={choice === 'TIE'} />
        <Response side="B" text={pair.responseB} picked={choice === 'B'} tie={choice === 'TIE'} />
      </div>
      <LabelBar
        choice={choice} confidence={confidence} rationale={rationale} busy={busy} hint={hint}
        notice={flagged ? { tone: 'ok', text: 'Flag sent to the researchers. Label or skip the pair as usual.' } : notice}
        undoing={item.previous !== null} noteRef={note}
        onChoose={choose} onConfidence={setConfidence} onRationale={setRationale}
        onSubmit={submit} onSkip={onSkip} onUndo={onUndo} onFlag={() => setFlagging(true)}
      />
      {flagging && <FlagDialog pairId={pair.id} onClose={() => setFlagging(false)} onSent={() => setFlagged(true)} />}
    </div>
  )
}

function Response({ side, text, picked, tie }: { side: 'A' | 'B'; text: string; picked: boolean; tie: boolean }) {
  const state = picked ? ' picked' : tie ? ' tied' : ''
  return (
    <section className={`card response response-${side.toLowerCase()}${state}`} aria-label={`Response ${side}`} data-testid={`response-${side}`}>
      <div className="response-head">
        <span className={`side-badge side-${side.toLowerCase()}`}>{side}</span>
        <span className="muted small">Response {side}</span>
        {picked && <span className="picked-mark">Preferred</span>}
        {tie && <span className="picked-mark tie">Tie</span>}
      </div>
      <div className="response-body"><Markdown text={text} /></div>
    </section>
  )
}
