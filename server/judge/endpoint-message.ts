// What a judge endpoint's answer may contribute to a job error or log: its own short error message,
// never its body. A judge can be pointed at any host, so an error body may be a page of an internal
// service; echoing it into a job row would turn the judge into a way to read such pages. Only the
// OpenAI-style `error.message` (or `message`) string is kept, stripped of control and bidi characters
// and capped; any other body is described by its kind and size.

// ~2 lines of a job error: enough for "Incorrect API key provided" or a model-not-found message.
export const MAX_ENDPOINT_MESSAGE = 200

// C0/C1 controls (newlines included: one line per error), and the bidi overrides that can make a
// message read differently on screen than it is.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]+/g

/** One line of plain text, at most `max` characters (an ellipsis marks a cut). */
export function sanitizeText(text: string, max = MAX_ENDPOINT_MESSAGE): string {
  const clean = text.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim()
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean
}

const bytes = (body: string) => Buffer.byteLength(body, 'utf8')

/** The endpoint's own error message, sanitised, or a description of a body that has none. */
export function endpointMessage(body: string): string {
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return `(non-JSON body of ${bytes(body)} bytes)`
  }
  const o = (json ?? {}) as { error?: { message?: unknown } | string; message?: unknown }
  const m = typeof o.error === 'string' ? o.error : (o.error?.message ?? o.message)
  if (typeof m === 'string' && sanitizeText(m)) return sanitizeText(m)
  return `(JSON body of ${bytes(body)} bytes without an error message)`
}

/** A 200 whose body is not a completion: what it was, never what it said. */
export function unreadableBody(body: string): string {
  try {
    JSON.parse(body)
    return `unreadable response: JSON body of ${bytes(body)} bytes without choices`
  } catch {
    return `unreadable response: non-JSON body of ${bytes(body)} bytes`
  }
}
