// OpenAssistant message trees, one per line: {message_tree_id, prompt: {message_id, role, text, rank,
// replies: […]}}. Every two assistant replies to the same message with different ranks make a pair
// (rank 0 is best); the prompt is the conversation down to that message, rendered as HH-RLHF turns.
// Deleted or review-rejected (spam) messages are skipped with their subtrees: a conversation with a
// removed turn is not one to show annotators.
import { InvalidRecord, checkText, describe, optionalName, preferencePair, rawString, requireDistinct, type Fields } from './fields.ts'
import { recordParser, type Converter, type Output } from './records.ts'
import type { ParseLimits } from './types.ts'

const SPEAKERS: Record<string, string> = { prompter: 'Human', assistant: 'Assistant' }
const OASST_RATER = { source: 'HUMAN', raterKey: 'ext:oasst-ranking', raterName: 'OpenAssistant ranking' } as const

type Message = { raw: Fields; id: string; role: string; text: string; rank?: number; model?: string; conversation: string }

function readMessage(raw: unknown, before: string, limits: ParseLimits): Message | null {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidRecord(`a message must be an object, got ${describe(raw)}`)
  const msg = raw as Fields
  if (msg.deleted === true || msg.review_result === false) return null
  const id = rawString(msg, 'message_id')
  try {
    const role = rawString(msg, 'role')
    if (!SPEAKERS[role]) throw new InvalidRecord(`field 'role' must be "prompter" or "assistant", got ${describe(role)}`)
    const text = checkText(rawString(msg, 'text'), `field 'text'`, limits)
    const rank = msg.rank ?? undefined
    if (rank !== undefined && typeof rank !== 'number') throw new InvalidRecord(`field 'rank' must be a number, got ${describe(rank)}`)
    const conversation = `${before}\n\n${SPEAKERS[role]}: ${text}`
    return { raw: msg, id, role, text, rank, model: optionalName(msg, 'model_name'), conversation }
  } catch (err) {
    if (err instanceof InvalidRecord) err.message = `message ${id}: ${err.message}`
    throw err
  }
}

type Ranked = Message & { rank: number }

function pairSiblings(parent: Message, ranked: Ranked[], limits: ParseLimits, out: Output[]): void {
  if (ranked.length < 2) return
  try {
    checkText(parent.conversation, `the conversation up to message ${parent.id}`, limits)
  } catch (err) {
    if (!(err instanceof InvalidRecord)) throw err
    out.push({ kind: 'error', reason: err.message })
    return
  }
  for (let i = 0; i < ranked.length; i++) {
    for (let j = i + 1; j < ranked.length; j++) {
      // Equal ranks state no preference, so they make no pair.
      if (ranked[i].rank === ranked[j].rank) continue
      const [win, lose] = ranked[i].rank < ranked[j].rank ? [ranked[i], ranked[j]] : [ranked[j], ranked[i]]
      try {
        requireDistinct(win.text, lose.text, `messages ${win.id} and ${lose.id}`)
        const pair = preferencePair({ prompt: parent.conversation, chosen: win.text, rejected: lose.text, modelChosen: win.model, modelRejected: lose.model, rater: OASST_RATER })
        const [idA, idB] = pair.responseA === win.text ? [win.id, lose.id] : [lose.id, win.id]
        const ref = `oasst:${parent.id}:${idA}:${idB}`
        out.push({ kind: 'pair', pair: { ...pair, sourceRef: ref, itemId: ref } })
      } catch (err) {
        if (!(err instanceof InvalidRecord)) throw err
        out.push({ kind: 'error', reason: err.message })
      }
    }
  }
}

function walk(parent: Message, limits: ParseLimits, out: Output[]): void {
  const replies = parent.raw.replies ?? []
  if (!Array.isArray(replies)) {
    out.push({ kind: 'error', reason: `message ${parent.id}: field 'replies' must be a list, got ${describe(replies)}` })
    return
  }
  const children: Message[] = []
  for (const reply of replies) {
    try {
      const child = readMessage(reply, parent.conversation, limits)
      if (child) children.push(child)
    } catch (err) {
      if (!(err instanceof InvalidRecord)) throw err
      out.push({ kind: 'error', reason: err.message })
    }
  }
  pairSiblings(parent, children.filter((c): c is Ranked => c.role === 'assistant' && c.rank !== undefined), limits, out)
  for (const child of children) walk(child, limits, out)
}

export const convertOasst = (limits: ParseLimits): Converter => (obj) => {
  if (obj.prompt === undefined) throw new InvalidRecord(`field 'prompt' (the tree's first message) is missing`)
  const root = readMessage(obj.prompt, '', limits)
  const out: Output[] = []
  if (root) walk(root, limits, out)
  return out
}

export const parseOasst = recordParser(convertOasst)
