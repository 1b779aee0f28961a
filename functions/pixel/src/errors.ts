/**
 * The error codes the pixel answers with, beside the core catalogue's: declared in its manifest,
 * registered as soon as this module loads (so its own files and tests know them), and added
 * to `ErrorCode` by declaration merging.
 */
import { registerErrors } from '@glam/core'

export const pixelErrors = {
  INVALID_KEY: { status: 401, message: 'This shop key is unknown or inactive.' },
  INVALID_SIGNATURE: { status: 401, message: 'The request signature is missing, malformed or wrong.' },
  SIGNATURE_EXPIRED: { status: 401, message: 'The request timestamp is outside the 5-minute window.' },
  REPLAYED_REQUEST: { status: 409, message: 'This signed request was already accepted once.' },
  ORIGIN_NOT_ALLOWED: { status: 403, message: 'This origin is not registered for the shop.' },
  DUPLICATE_ORDER: { status: 409, message: 'This order was already recorded.' },
  TOTAL_MISMATCH: {
    status: 400,
    message: 'The order total disagrees with its lines, shipping, tax and discount.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    INVALID_KEY: true
    INVALID_SIGNATURE: true
    SIGNATURE_EXPIRED: true
    REPLAYED_REQUEST: true
    ORIGIN_NOT_ALLOWED: true
    DUPLICATE_ORDER: true
    TOTAL_MISMATCH: true
  }
}

registerErrors(pixelErrors)
