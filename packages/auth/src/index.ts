/**
 * @module @glam/auth
 * Who may call what.
 *
 * ```ts
 * app.get('/api/jobs', requireAdminApiKey('jobs:read'), (c) => …)
 * ```
 */
export { hasScope, requireAdminApiKey, requireApiKey } from './api-key.ts'
