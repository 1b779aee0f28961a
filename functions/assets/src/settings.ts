/**
 * The assets function's settings: declared in its manifest, parsed with the platform's, added to
 * `Config` by declaration merging. (Delivery through nginx is a platform setting,
 * GLAM_ASSETS_ACCEL, because the Node platform builds the port it needs.)
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const assetSettings = {
  assetUrlTtlSeconds: setting({
    env: 'GLAM_ASSET_URL_TTL',
    schema: z.coerce
      .number()
      .int()
      .min(60)
      .max(7 * 86_400),
    default: 3600,
    description:
      'Lifetime in seconds of the signed URLs that `GET /api/assets/:id` mints for private assets.',
  }),
  assetGcGraceSeconds: setting({
    env: 'GLAM_ASSET_GC_GRACE',
    schema: z.coerce
      .number()
      .int()
      .min(0)
      .max(30 * 86_400),
    default: 3600,
    description:
      'Seconds an unreferenced blob is kept after its last upload before the `assets-gc` job deletes it.',
  }),
  assetUploadsPerMinute: setting({
    env: 'GLAM_ASSET_UPLOADS_PER_MINUTE',
    schema: z.coerce.number().int().min(1).max(100_000),
    default: 120,
    description: 'Uploads (plain or tus) one caller may start per minute; more answer 429 RATE_LIMITED.',
  }),
  assetMaxPixels: setting({
    env: 'GLAM_ASSET_MAX_PIXELS',
    schema: z.coerce.number().int().min(1).max(1_000_000_000),
    default: 100_000_000,
    description:
      'Pixels an uploaded image may have (width × height); more answer 422 IMAGE_TOO_LARGE, refused from the header before anything is decoded.',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof assetSettings> {}
}
