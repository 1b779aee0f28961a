/** The codes image variants answer with, beside the core catalogue's (declared in the manifest). */
export const imageErrors = {
  INVALID_VARIANT: { status: 400, message: 'The variant parameters are not valid.' },
  UNSIGNED_VARIANT: {
    status: 400,
    message: 'Free variant parameters need a signature; without one, name a preset.',
  },
  INVALID_VARIANT_SIGNATURE: { status: 403, message: 'The variant signature does not match.' },
  VARIANT_SIGNATURE_EXPIRED: { status: 403, message: 'This signed variant URL has expired.' },
  INVALID_IMAGE: { status: 422, message: 'The image cannot be decoded.' },
  IMAGE_TOO_LARGE: { status: 422, message: 'The image has more pixels than allowed.' },
  VARIANT_TIMEOUT: { status: 503, message: 'The variant took longer than its time budget.' },
  IMAGES_BUSY: { status: 503, message: 'Too many variants are being computed; try again shortly.' },
  IMAGES_UNAVAILABLE: {
    status: 503,
    message: 'Variants are computed in containers, and none is configured here (GLAM_IMAGES_ORIGIN).',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    INVALID_VARIANT: true
    UNSIGNED_VARIANT: true
    INVALID_VARIANT_SIGNATURE: true
    VARIANT_SIGNATURE_EXPIRED: true
    INVALID_IMAGE: true
    IMAGE_TOO_LARGE: true
    VARIANT_TIMEOUT: true
    IMAGES_BUSY: true
    IMAGES_UNAVAILABLE: true
  }
}
