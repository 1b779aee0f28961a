/**
 * @module @glam/keys
 * Customers' own API keys at `/api/keys` (people only: a session or a token, never a key):
 * create with scopes the creator holds (the key shown once), list, revoke.
 *
 * ```sh
 * curl -X POST /api/keys -H 'authorization: Bearer <token>' -d '{"name":"shop sync","scopes":["links:read"]}'
 * ```
 */
import { apiKeyErrors } from '@glam/auth/api-keys'
import { defineFunction } from '@glam/core'
import { createKeysApp } from './keys.ts'
import { keysOpenapi } from './openapi.ts'

export const keysFunction = defineFunction({
  name: 'keys',
  description: "Customers' own API keys under `/api/keys`: create (shown once), list, revoke.",
  mounts: [{ path: '/api/keys', app: () => createKeysApp() }],
  claims: ['/api/keys/*'],
  runtimes: ['edge', 'container'],
  openapi: keysOpenapi,
  errors: apiKeyErrors,
  tables: ['api_keys', 'audit_log', 'customers'],
})
