/**
 * The error codes the login function answers with, beside the core catalogue's: declared in its manifest,
 * registered as soon as this module loads (so its own files and tests know them), and added
 * to `ErrorCode` by declaration merging.
 */
import { registerErrors } from '@glam/core'

export const authErrors = {
  INVALID_CODE: {
    status: 400,
    message: 'This code is wrong or no longer valid. Check it or ask for a new one.',
  },
  UNKNOWN_APP: { status: 400, message: 'No application is registered under this id.' },
  INVALID_RETURN_TO: {
    status: 400,
    message: 'returnTo must be a path on this site or an origin the app registered.',
  },
  NOT_INVITED: {
    status: 403,
    message: 'This address may not sign in to this application; ask its admin for access.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    INVALID_CODE: true
    UNKNOWN_APP: true
    INVALID_RETURN_TO: true
    NOT_INVITED: true
  }
}

registerErrors(authErrors)
