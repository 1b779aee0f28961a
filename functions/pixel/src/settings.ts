/**
 * The pixel's settings, beside the platform-wide ones: declared in its manifest (`settings`),
 * registered by `defineFunction` when the manifest loads, parsed by `parseConfig` with the
 * core's, and added to `Config` by declaration merging.
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const pixelSettings = {
  collectPerShopPerMinute: setting({
    env: 'GLAM_COLLECT_PER_SHOP_PER_MINUTE',
    schema: z.coerce.number().int().min(1).max(1_000_000),
    default: 6000,
    description: 'Pixel purchases accepted per shop per minute (more answer 429).',
  }),
  collectPerIpPerMinute: setting({
    env: 'GLAM_COLLECT_PER_IP_PER_MINUTE',
    schema: z.coerce.number().int().min(1).max(1_000_000),
    default: 60,
    description: 'Pixel purchases accepted per client IP per minute (more answer 429).',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof pixelSettings> {}
}
