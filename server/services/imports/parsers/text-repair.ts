// Two byte-level faults that real exports contain and that must not cost a record: invalid UTF-8
// (decoded as U+FFFD, as every reader does, and reported) and NUL characters, which JSON can carry as
// \u0000 but PostgreSQL text cannot store at all (the insert of the whole batch would fail). NUL is
// removed with a warning, as Zammad's OTRS import and Mozilla's Socorro do: the rest is what was meant.
import { isUtf8 } from 'node:buffer'

const REPLACEMENT = '\uFFFD'

/** True when decoding `bytes` replaced invalid UTF-8; `text` is their decoded form (checked first, it is cheap). */
export function hadInvalidUtf8(text: string, bytes: Buffer): boolean {
  return text.includes(REPLACEMENT) && !isUtf8(bytes)
}

export const invalidUtf8Reason = (where: string) => `${where}: invalid UTF-8 bytes were replaced by U+FFFD (${REPLACEMENT}); check the file's encoding`

export const nulReason = (where: string, count: number) =>
  `${where}: ${count === 1 ? 'a NUL character (\\u0000) was' : `${count.toLocaleString('en-US')} NUL characters (\\u0000) were`} removed; the database cannot store it`

const NUL = /\u0000/g

/** Removes NUL from a string; returns the string and how many were removed. */
export function stripNulText(text: string): [string, number] {
  if (!text.includes('\u0000')) return [text, 0]
  const count = text.match(NUL)!.length
  return [text.replace(NUL, ''), count]
}

/** Removes NUL from every string value inside a parsed JSON value, in place; returns the value and the count. */
export function stripNulDeep(value: unknown): [unknown, number] {
  if (typeof value === 'string') return stripNulText(value)
  if (value === null || typeof value !== 'object') return [value, 0]
  let count = 0
  const obj = value as Record<string, unknown>
  for (const key of Object.keys(obj)) {
    const [v, n] = stripNulDeep(obj[key])
    if (n) {
      obj[key] = v
      count += n
    }
  }
  return [value, count]
}
