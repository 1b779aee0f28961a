/**
 * @module @glam/pixel
 * The conversion pixel: `/pixel.js` and `/collect` for browsers (createCollectApp),
 * `/api/conversions` for shops' servers (createConversionsApp), `/api/shops` for onboarding
 * (createShopsApp). Orders live in SQL, conversions go to ClickHouse through the events layer.
 */
export { createCollectApp, forgetShop } from './collect.ts'
export { createConversionsApp, orderView } from './conversions.ts'
export { createCouponsApp } from './coupons.ts'
export { createShopsApp } from './shops.ts'
export { signBody } from './signature.ts'

import { defineFunction } from '@glam/core'
import { createCollectApp } from './collect.ts'
import { createConversionsApp } from './conversions.ts'
import { createCouponsApp } from './coupons.ts'
import { pixelErrors } from './errors.ts'
import { pixelOpenapi } from './openapi.ts'
import { pixelSettings } from './settings.ts'
import { createShopsApp } from './shops.ts'

/** The conversion pixel, server-to-server conversions, coupons and shops. */
export const pixelFunction = defineFunction({
  name: 'pixel',
  description: 'The pixel (`/pixel.js`, `/collect`), signed conversions, coupons and shops.',
  mounts: [
    { path: '/', app: () => createCollectApp() },
    { path: '/api/shops', app: () => createShopsApp() },
    { path: '/api/conversions', app: () => createConversionsApp() },
    { path: '/api/coupons', app: () => createCouponsApp() },
  ],
  claims: ['/pixel.js', '/collect', '/api/shops/*', '/api/conversions/*', '/api/coupons/*'],
  runtimes: ['edge', 'container'],
  errors: pixelErrors,
  settings: pixelSettings,
  openapi: pixelOpenapi,
  tables: ['shops', 'orders', 'order_lines', 'coupons', 'replay_guard'],
  clickhouseTables: ['conversions', 'conversion_lines'],
})
