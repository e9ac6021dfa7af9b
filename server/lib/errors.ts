// Errors a service throws on purpose. The API layer maps `code` onto tRPC/HTTP codes; the worker
// writes `message` to the job row. Anything else is a bug and surfaces as an internal error.
export type ServiceErrorCode = 'BAD_REQUEST' | 'UNAUTHORIZED' | 'FORBIDDEN' | 'NOT_FOUND' | 'CONFLICT' | 'PAYLOAD_TOO_LARGE' | 'TOO_MANY_REQUESTS'

export class ServiceError extends Error {
  constructor(public code: ServiceErrorCode, message: string) {
    super(message)
    this.name = 'ServiceError'
  }
}

export const notFound = (what: string) => new ServiceError('NOT_FOUND', `${what} not found`)
export const forbidden = (why = 'You do not have access to this') => new ServiceError('FORBIDDEN', why)
export const badRequest = (why: string) => new ServiceError('BAD_REQUEST', why)

/** Throttled (too many wrong passwords): `retryAfterS` becomes the HTTP Retry-After header. */
export class TooManyAttempts extends ServiceError {
  constructor(public retryAfterS: number, what = 'failed attempts') {
    const minutes = Math.max(1, Math.ceil(retryAfterS / 60))
    super('TOO_MANY_REQUESTS', `Too many ${what}; try again in ${minutes} minute${minutes === 1 ? '' : 's'}`)
  }
}
