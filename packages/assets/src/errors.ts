/**
 * The error codes of uploads and assets, declared once: the assets function's manifest lists
 * them, and they are registered when this module loads so the ingest can throw them anywhere.
 */
import { registerErrors } from '@glam/core'

export const assetErrors = {
  UNKNOWN_ASSET_TYPE: { status: 400, message: 'There is no asset type of this name.' },
  INVALID_IMAGE: { status: 422, message: 'The image is truncated or corrupt.' },
  IMAGE_TOO_LARGE: {
    status: 422,
    message: 'The image has more pixels than allowed (GLAM_ASSET_MAX_PIXELS).',
  },
  INVALID_DOCUMENT: { status: 422, message: 'The document is truncated or corrupt.' },
} as const

registerErrors(assetErrors)

declare module '@glam/core' {
  interface ErrorRegistry {
    UNKNOWN_ASSET_TYPE: true
    INVALID_IMAGE: true
    IMAGE_TOO_LARGE: true
    INVALID_DOCUMENT: true
  }
}
