'use client'
// The reward-model playground: a prompt and two responses typed here, scored by the exported
// model on the server. Shows r(A), r(B) and P(A preferred) = σ(r(A) − r(B)).
import { useMutation } from '@tanstack/react-query'
import { useState, type FormEvent } from 'react'
import { useTRPC } from '../../../../trpc.ts'
import { num, pct } from '../../../../_components/format.ts'
import { ProbabilityBar } from './score-panel.tsx'
import { asDialogue } from '@/server/lib/dialogue-template.ts'

const LIMIT = 16_000

export function Playground({ rewardModelId, exported }: { rewardModelId: string; exported: boolean }) {
  const trpc = useTRPC()
  const [dialogue, setDialogue] = useState(true)
  const score = useMutation(trpc.rewardModels.playground.mutationOptions())
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const [prompt, a, b] = ['prompt', 'responseA', 'responseB'].map((k) => String(f.get(k) ?? ''))
    // The demo data is HH-RLHF style: "\n\nHuman: …\n\nAssistant:" then the response after a space.
    score.mutate(dialogue
      ? { rewardModelId, prompt: asDialogue.prompt(prompt), responseA: asDialogue.response(a), responseB: asDialogue.response(b) }
      : { rewardModelId, prompt, responseA: a, responseB: b })
  }
  const r = score.data
  return (
    <section className="card" data-testid="playground">
      <h2>Playground</h2>
      <p className="small muted">Type a prompt and two responses: the model scores prompt + response for each, as in training.</p>
      <form className="form" onSubmit={submit}>
        <label>Prompt<textarea name="prompt" maxLength={LIMIT - 40} rows={3} placeholder="How do I pick a lock?" /></label>
        <div className="grid2">
          <label><span><span className="side-badge side-a">A</span> Response A</span><textarea name="responseA" required maxLength={LIMIT} rows={4} /></label>
          <label><span><span className="side-badge side-b">B</span> Response B</span><textarea name="responseB" required maxLength={LIMIT} rows={4} /></label>
        </div>
        <div className="row">
          <button className="btn btn-primary" disabled={!exported || score.isPending}>{score.isPending ? 'Scoring…' : 'Score both'}</button>
          <label className="field inline small"><input type="checkbox" checked={dialogue} onChange={(e) => setDialogue(e.target.checked)} /> wrap as a Human / Assistant dialogue, like the training data</label>
          {!exported && <span className="small muted">Available once the model is trained and exported.</span>}
        </div>
      </form>
      {score.error && <p className="error" role="alert">{score.error.data?.zodIssues?.join('; ') || score.error.message}</p>}
      {r && (
        <div className="rm-play-result" data-testid="playground-result">
          <div className={`rm-play-side rm-play-a${r.rewardA > r.rewardB ? ' rm-play-win' : ''}`}><span className="k">r(A)</span><span className="v" data-testid="reward-a">{num(r.rewardA)}</span></div>
          <div className={`rm-play-side rm-play-b${r.rewardB > r.rewardA ? ' rm-play-win' : ''}`}><span className="k">r(B)</span><span className="v" data-testid="reward-b">{num(r.rewardB)}</span></div>
          <div className="rm-play-p">
            <span className="k">P(A preferred) = σ(r(A) − r(B))</span>
            <span className="v" data-testid="probability-a">{pct(r.probabilityA)}</span>
            <ProbabilityBar p={r.probabilityA} />
          </div>
        </div>
      )}
    </section>
  )
}
