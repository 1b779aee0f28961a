/** The image variants' OpenAPI path (the manifest's `openapi`). */
import { errorResponses, type OpenApiPaths, ok } from '@glam/core'
import { presetNames } from '@glam/images/variants'

const query = (name: string, description: string, schema: Record<string, unknown>) => ({
  name,
  in: 'query',
  description,
  schema,
})

export const imagesOpenapi: OpenApiPaths = {
  '/i/{sha256}': {
    get: {
      summary: 'An image variant',
      description:
        'A public image asset in the size a preset names (`?p=card`), in the format `Accept` prefers (AVIF, then WebP, else JPEG/PNG; `Vary: Accept`). Free parameters only with `sig` (HMAC the server issues; `exp` optional, required for private sources). Computed once, stored content-addressed, `immutable`; `X-Variant-Cache` says where it came from.',
      parameters: [
        { name: 'sha256', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{64}$' } },
        query('p', 'Preset', { enum: presetNames }),
        query('w', 'Width in CSS pixels (signed only)', { type: 'integer', minimum: 1, maximum: 4096 }),
        query('h', 'Height in CSS pixels (signed only)', { type: 'integer', minimum: 1, maximum: 4096 }),
        query('fit', 'With both sides (signed only)', { enum: ['cover', 'contain', 'inside'] }),
        query('format', 'Output format (signed only)', { enum: ['auto', 'webp', 'avif', 'jpeg', 'png'] }),
        query('q', 'Quality (signed only)', { type: 'integer', minimum: 1, maximum: 100 }),
        query('dpr', 'Device pixel ratio (signed only)', { type: 'number', minimum: 1, maximum: 4 }),
        query('exp', 'Signature expiry, unix seconds', { type: 'integer' }),
        query('sig', 'Signature', { type: 'string' }),
      ],
      responses: {
        200: ok('The variant', 'image/avif'),
        304: { description: 'Not modified (If-None-Match)' },
        400: { description: 'INVALID_VARIANT, UNSIGNED_VARIANT' },
        403: { description: 'INVALID_VARIANT_SIGNATURE, VARIANT_SIGNATURE_EXPIRED' },
        422: { description: 'IMAGE_TOO_LARGE, INVALID_IMAGE' },
        503: { description: 'VARIANT_TIMEOUT, IMAGES_BUSY, IMAGES_UNAVAILABLE (Retry-After)' },
        ...errorResponses,
      },
    },
  },
}
