/**
 * One error type and one catalogue of codes. Every function throws `GlamError`s
 * (or lets validation throw them); the error handler turns them into
 * `{ "error": { "code", "message", "details"? } }` with the catalogue's status.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

export const errorCatalogue = {
  BAD_REQUEST: { status: 400, message: 'The request is not valid.' },
  VALIDATION_FAILED: { status: 400, message: 'Some fields are missing or invalid.' },
  MALFORMED_JSON: { status: 400, message: 'The request body is not valid JSON.' },
  INVALID_CURSOR: {
    status: 400,
    message: 'This cursor is not one a list answered; pass back `nextCursor` unchanged.',
  },
  UNAUTHORIZED: { status: 401, message: 'Authentication is required.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  CSRF_REJECTED: { status: 403, message: 'Cross-site request refused.' },
  INVALID_TOKEN: { status: 401, message: 'The token is not valid.' },
  NOT_FOUND: { status: 404, message: 'Nothing lives at this address.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This method is not allowed here.' },
  NOT_ACCEPTABLE: { status: 406, message: 'No representation matches the Accept header.' },
  CONFLICT: { status: 409, message: 'The request conflicts with stored data.' },
  GONE: { status: 410, message: 'This resource is no longer available.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'This content type is not accepted here.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests; try again later.' },
  INTERNAL: { status: 500, message: 'Something went wrong on our side.' },
  NOT_IMPLEMENTED: { status: 501, message: 'This is not available on this runtime.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'A dependency is unavailable; try again later.' },
  TIMEOUT: { status: 504, message: 'A dependency took too long to answer.' },
} as const satisfies Record<string, { status: ContentfulStatusCode; message: string }>

/**
 * Error codes a function declares in its manifest, added to the type by declaration merging:
 * `declare module '@glam/core' { interface ErrorRegistry { NOTES_CLOSED: true } }`.
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in functions
export interface ErrorRegistry {}

export type ErrorCode = keyof typeof errorCatalogue | keyof ErrorRegistry

type ErrorEntry = { status: ContentfulStatusCode; message: string }
const registered = new Map<string, ErrorEntry>()

/**
 * Adds a function's error codes (from its manifest) to the catalogue. A code may be declared
 * again only with the same status.
 */
export function registerErrors(errors: Readonly<Record<string, { status: number; message: string }>>): void {
  for (const [code, entry] of Object.entries(errors)) {
    const known = (errorCatalogue as Record<string, ErrorEntry>)[code] ?? registered.get(code)
    if (known && known.status !== entry.status)
      throw new Error(`error ${code} is declared with ${entry.status} and ${known.status}`)
    if (!known) registered.set(code, entry as ErrorEntry)
  }
}

/** The catalogue entry of a code: the core's or a function's. */
export function errorEntry(code: string): ErrorEntry {
  const entry = (errorCatalogue as Record<string, ErrorEntry>)[code] ?? registered.get(code)
  if (!entry) throw new Error(`unknown error code ${code}: declare it in a function's manifest`)
  return entry
}

/** Every code with its status and message: the core catalogue and the functions'. */
export function allErrorCodes(): Record<string, ErrorEntry> {
  return { ...Object.fromEntries(registered), ...(errorCatalogue as Record<string, ErrorEntry>) }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: unknown; requestId?: string }
}

export class GlamError extends Error {
  override readonly name = 'GlamError'
  readonly code: ErrorCode
  readonly status: ContentfulStatusCode
  readonly details: unknown
  /** Extra headers the answer must carry (e.g. `Retry-After`, `Allow`). */
  readonly headers: Record<string, string>

  constructor(
    code: ErrorCode,
    message?: string,
    options: { details?: unknown; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    const entry = errorEntry(code)
    super(message ?? entry.message, { cause: options.cause })
    this.code = code
    this.status = entry.status
    this.details = options.details
    this.headers = options.headers ?? {}
  }

  /** `throw GlamError.from('NOT_FOUND', 'No link with this slug.')` */
  static from(code: ErrorCode, message?: string, options?: ConstructorParameters<typeof GlamError>[2]) {
    return new GlamError(code, message, options)
  }

  toBody(requestId?: string): ErrorBody {
    const error: ErrorBody['error'] = { code: this.code, message: this.message }
    if (this.details !== undefined) error.details = this.details
    if (requestId) error.requestId = requestId
    return { error }
  }
}

export const isGlamError = (value: unknown): value is GlamError => value instanceof GlamError
