/**
 * @module @glam/core
 * The kernel every function and runtime shares.
 *
 * ```ts
 * import { type AppEnv, GlamError, handleError } from '@glam/core'
 * const app = new Hono<AppEnv>().get('/x', (c) => { throw new GlamError('NOT_FOUND') })
 * ```
 */
export * from './addresses.ts'
export * from './channels.ts'
export * from './client-address.ts'
export * from './config.ts'
export * from './crypto.ts'
export * from './errors.ts'
export * from './health.ts'
export * from './http.ts'
export * from './jobs.ts'
export * from './logger.ts'
export * from './manifest.ts'
export * from './notice-page.ts'
export * from './openapi.ts'
export * from './page.ts'
export * from './page-cache.ts'
export * from './platform.ts'
export * from './routes.ts'
export * from './search.ts'
export * from './secrets.ts'
export * from './security-headers.ts'
export * from './signed-tokens.ts'
export * from './urls.ts'
