/**
 * `portal-images` (every minute, containers): the images of products changed since the last run
 * (a feed run) and the failed ones due again, fetched into assets (./images.ts).
 */
import { defineJob } from '@glam/core'
import { isSqlDatabase } from '@glam/db/repositories/index'
import { fetchProductImages } from './images.ts'

export const portalImagesJob = defineJob({
  name: 'portal-images',
  description:
    "Fetches the images of new and changed feed products (SSRF-safe) into public assets, for the portal's srcset and blur-up.",
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 10 * 60_000,
  edge: false,
  async run({ platform, signal, progress }) {
    if (!isSqlDatabase(platform.database)) return { skipped: 'no catalogue database' }
    return { ...(await fetchProductImages(platform, { signal, onProgress: progress })) }
  },
})
