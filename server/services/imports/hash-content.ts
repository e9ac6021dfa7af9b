// Content hashes: the idempotency keys of imports. Text is normalised first (Unicode NFC, CRLF → LF,
// outer whitespace trimmed) so that the same pair exported by another tool hashes the same.
import crypto from 'node:crypto'

export function normaliseText(text: string): string {
  const lf = text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text
  return lf.normalize('NFC').trim()
}

export function sha256(text: string): string {
  return crypto.hash('sha256', text, 'hex')
}

export function hashText(text: string): string {
  return sha256(normaliseText(text))
}

/** A pair is its prompt and both responses, in order (A/B swapped is another pair). */
export function hashPair(promptHash: string, responseAHash: string, responseBHash: string): string {
  return sha256(`${promptHash}\n${responseAHash}\n${responseBHash}`)
}
