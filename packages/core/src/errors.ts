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
  TOTAL_MISMATCH: {
    status: 400,
    message: 'The order total disagrees with its lines, shipping, tax and discount.',
  },
  UNAUTHORIZED: { status: 401, message: 'Authentication is required.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do this.' },
  CSRF_REJECTED: { status: 403, message: 'Cross-site request refused.' },
  INVALID_TOKEN: { status: 401, message: 'The token is not valid.' },
  INVALID_CODE: {
    status: 400,
    message: 'This code is wrong or no longer valid. Check it or ask for a new one.',
  },
  UNKNOWN_APP: { status: 400, message: 'No application is registered under this id.' },
  INVALID_RETURN_TO: {
    status: 400,
    message: 'returnTo must be a path on this site or an origin the app registered.',
  },
  INVALID_KEY: { status: 401, message: 'This shop key is unknown or inactive.' },
  INVALID_SIGNATURE: { status: 401, message: 'The request signature is missing, malformed or wrong.' },
  SIGNATURE_EXPIRED: { status: 401, message: 'The request timestamp is outside the 5-minute window.' },
  REPLAYED_REQUEST: { status: 409, message: 'This signed request was already accepted once.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This origin is not registered for the shop.' },
  DUPLICATE_ORDER: { status: 409, message: 'This order was already recorded.' },
  NOT_INVITED: {
    status: 403,
    message: 'This address may not sign in to this application; ask its admin for access.',
  },
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

export type ErrorCode = keyof typeof errorCatalogue

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
    super(message ?? errorCatalogue[code].message, { cause: options.cause })
    this.code = code
    this.status = errorCatalogue[code].status
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
