/**
 * @module @glam/alerts
 * Wishlists and price/stock alerts for the portal's shoppers: members' lists at
 * `/api/wishlists` (shared read-only at `/w/<token>`), alerts at `/api/alerts` (members at once,
 * addresses after a double opt-in at `/w/confirm`), mailed by the `alerts-send` job from the
 * feeds' price history once per change (daily ones by `alerts-digest` in one morning mail),
 * through tracked shortlinks (channel `alert`), with one-click unsubscribe at
 * `/w/unsubscribe/<token>`. Forms for the portal's product pages and `/w/` (member-page.ts),
 * GraphQL through `@glam/alerts/service`.
 */
import { defineFunction } from '@glam/core'
import { createAlertsApp } from './api.ts'
import { alertsDigestJob } from './digest.ts'
import { alertErrors } from './errors.ts'
import { alertsOpenapi } from './openapi.ts'
import { createAlertPages, createMemberPage } from './pages.ts'
import { alertsSendJob } from './send.ts'
import { alertSettings } from './settings.ts'
import { createWishlistsApp } from './wishlists.ts'

export const alertsFunction = defineFunction({
  name: 'alerts',
  description:
    'Wishlists (`/api/wishlists`, shared at `/w/<token>`) and price/stock alerts (`/api/alerts`, `/w/confirm`, `/w/unsubscribe/<token>`) mailed by the `alerts-send` job.',
  mounts: [
    { path: '/api/wishlists', app: () => createWishlistsApp() },
    { path: '/api/alerts', app: () => createAlertsApp() },
    { path: '/w/', app: () => createMemberPage() },
    { path: '/w', app: () => createAlertPages() },
  ],
  claims: ['/api/wishlists', '/api/wishlists/*', '/api/alerts', '/api/alerts/*', '/w', '/w/*'],
  runtimes: ['edge', 'container'],
  errors: alertErrors,
  settings: alertSettings,
  jobs: [alertsSendJob, alertsDigestJob],
  openapi: alertsOpenapi,
  tables: [
    'wishlists',
    'wishlist_items',
    'alerts',
    'alert_deliveries',
    'job_cursors',
    'product_prices',
    'products',
    'shops',
    'links',
    'users',
    'grants',
    'sessions',
  ],
})

export { sendDigests } from './digest.ts'
export { sendAlerts } from './send.ts'
