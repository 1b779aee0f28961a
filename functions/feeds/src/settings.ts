/**
 * The feeds' settings: declared in the manifest, parsed with the platform's, added to `Config`
 * by declaration merging. The CLI reads them too.
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const feedSettings = {
  feedMaxBytes: setting({
    env: 'GLAM_FEED_MAX_BYTES',
    schema: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 ** 3),
    default: 4 * 1024 ** 3,
    description:
      'Bytes a feed may have after unpacking (gzip, zip); a larger one is rejected as FEED_TOO_LARGE before it is read further. A zip bomb stops here.',
  }),
  feedConcurrency: setting({
    env: 'GLAM_FEED_CONCURRENCY',
    schema: z.coerce.number().int().min(1).max(64),
    default: 4,
    description: 'Scheduled feeds one container imports at once; the others due wait for a free slot.',
  }),
  feedFetchTimeoutSeconds: setting({
    env: 'GLAM_FEED_FETCH_TIMEOUT',
    schema: z.coerce.number().int().min(1).max(3600),
    default: 60,
    description: 'Seconds a feed URL may take to answer with its headers (through the SSRF-safe fetch).',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof feedSettings> {}
}
