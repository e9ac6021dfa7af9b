// Zod issues as short "path: message" lines: one wording for tRPC's error formatter and the
// non-tRPC route handlers, so a client reads validation errors the same way from both.
import type { ZodError } from 'zod'

export function zodIssueLines(error: ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}
