/** tus's error codes, typed into the core's ErrorRegistry and registered as this module loads. */
import { registerErrors } from '@glam/core'

/** The codes only tus answers with; the assets manifest declares them (`errors: { ...tusErrors }`). */
export const tusErrors = {
  TUS_VERSION_UNSUPPORTED: {
    status: 412,
    message: 'Only tus 1.0.0 is spoken here; send Tus-Resumable: 1.0.0.',
  },
  TUS_UPLOAD_LOCKED: {
    status: 423,
    message: 'Another request is writing to this upload; try again shortly.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    TUS_VERSION_UNSUPPORTED: true
    TUS_UPLOAD_LOCKED: true
  }
}

registerErrors(tusErrors)
