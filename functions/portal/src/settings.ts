/**
 * The portal's settings: declared in the manifest, parsed with the platform's, added to `Config`
 * by declaration merging.
 */
import { bool, type SettingValues, setting } from '@glam/core'

export const portalSettings = {
  portalPageCache: setting({
    env: 'GLAM_PORTAL_PAGE_CACHE',
    schema: bool,
    default: true,
    description:
      "Keep the portal's pages in the page cache (the Cache API on workerd, an LRU in containers) and purge them by tag after feed runs; `false` renders every request (their `Cache-Control` still lets a CDN in front keep them). The cold page benchmark turns it off.",
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof portalSettings> {}
}
