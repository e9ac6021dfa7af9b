// A prompt as the annotator reads it. Multi-turn transcripts ("\n\nHuman: …\n\nAssistant: …", the
// HH-RLHF format) become one block per turn; anything else is a single "Prompt" block. Every turn
// is markdown (code, lists, tables) through the shared Markdown component.
import { Markdown } from './markdown.tsx'

export type Turn = { role: 'human' | 'assistant' | 'system'; text: string }

// A speaker marker at the very start or after a blank line. "H:"/"A:" are not markers: too common
// in ordinary text ("Q: … A: …").
const MARKER = /(?:^|\n\n+)[ \t]*(Human|User|Assistant|System):[ \t]*/g
const ROLE: Record<string, Turn['role']> = { Human: 'human', User: 'human', Assistant: 'assistant', System: 'system' }
const LABEL: Record<Turn['role'], string> = { human: 'Human', assistant: 'Assistant', system: 'System' }

/** The turns of a transcript, or null when the text does not start with a speaker marker. */
export function parseTranscript(text: string): Turn[] | null {
  const body = text.replace(/^\s+/, '')
  const marks = [...body.matchAll(MARKER)]
  if (marks.length === 0 || marks[0].index !== 0) return null
  const turns = marks.map((m, i) => ({
    role: ROLE[m[1]],
    text: body.slice(m.index + m[0].length, i + 1 < marks.length ? marks[i + 1].index : body.length).trim(),
  }))
  // A trailing "Assistant:" with nothing after it is the cue for the responses, not a turn.
  return turns.filter((t, i) => t.text !== '' || i < turns.length - 1)
}

export function Transcript({ text }: { text: string }) {
  const turns = parseTranscript(text)
  if (!turns) {
    return (
      <div className="transcript">
        <div className="turn turn-human"><div className="who">Prompt</div><Markdown text={text} /></div>
      </div>
    )
  }
  return (
    <div className="transcript" data-testid="transcript">
      {turns.map((t, i) => (
        <div key={i} className={`turn turn-${t.role === 'assistant' ? 'assistant' : 'human'}${i === turns.length - 1 ? ' turn-last' : ''}`}>
          <div className="who">{LABEL[t.role]}</div>
          {t.text ? <Markdown text={t.text} /> : <p className="muted small">(empty)</p>}
        </div>
      ))}
    </div>
  )
}
