/**
 * @module @glam/dashboard
 * The dashboard app (web/dashboard: Svelte 5, built by Vite to content-hashed files) at `/app/`,
 * for staff, clients and influencers: campaigns, their overview with charts, influencer and link
 * tables, link detail, orders, exports and share links, API keys and webhooks. Its data comes
 * from `/graphql` (persisted operations) and the reports' CSV; this function serves its files
 * and sends visitors without a session through `/auth/login?app=dashboard&returnTo=/app/…`.
 */
import { defineFunction } from '@glam/core'
import { dashboardErrors } from './errors.ts'
import { createDashboardApp } from './serve.ts'

export const dashboardFunction = defineFunction({
  name: 'dashboard',
  description: 'The dashboard app at `/app/` (web/dashboard): its files, and its page behind the login.',
  mounts: [{ path: '/app', app: () => createDashboardApp() }],
  claims: ['/app/*'],
  runtimes: ['edge', 'container'],
  errors: dashboardErrors,
})
