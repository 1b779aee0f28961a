/**
 * Customers managing their own API keys: one set of rules for `/api/keys` and GraphQL.
 * - Only people manage keys: a user (session or token) who is admin, staff or a client. An API
 *   key never creates, lists or revokes keys (a leaked key must not mint more), nor does an
 *   influencer.
 * - A client's keys are its customer's, with scopes a client holds; staff name the customer; a
 *   platform-wide key (`customerId: null`, any known scope) is for admins only.
 * - A key is never granted a scope its creator lacks; unknown scopes are refused.
 * - The plaintext key is answered once, at creation; records never carry the hash.
 * - Another customer's key answers exactly like a missing one; revoking is idempotent and takes
 *   effect at once (keys are checked against the database on every request).
 */
import { GlamError, type Platform, type Principal, registerErrors } from '@glam/core'
import type { ApiKey } from '@glam/db/repositories/api-keys'
import { repositoriesOf } from '@glam/db/repositories/index'
import { hasScope, roleScopes, rolesOf } from './principal.ts'

export const apiKeyErrors = {
  UNKNOWN_SCOPE: { status: 400, message: 'One of the scopes does not exist.' },
  SCOPE_NOT_ALLOWED: { status: 400, message: 'One of the scopes cannot be given to this kind of key.' },
  SCOPE_NOT_HELD: { status: 403, message: 'A key cannot get a scope its creator lacks.' },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    UNKNOWN_SCOPE: true
    SCOPE_NOT_ALLOWED: true
    SCOPE_NOT_HELD: true
  }
}

registerErrors(apiKeyErrors)

/** Every scope a route checks; `family:*` and `*` grant a family or everything. */
export const apiScopes = [
  'links:read',
  'links:write',
  'stats:read',
  'shops:read',
  'shops:write',
  'conversions:read',
  'exports:read',
  'assets:read',
  'assets:write',
  'catalog:read',
  'catalog:write',
  'catalog:validate',
  'webhooks:read',
  'webhooks:write',
  'jobs:read',
  'users:read',
  'reports:read',
  'fx-rates:write',
  'search:read',
  'search:write',
  'mail:read',
  'mail:write',
  'newsletter:read',
  'newsletter:write',
] as const

const families = new Set(apiScopes.map((s) => `${s.split(':')[0]}:*`))
const known = (scope: string) =>
  scope === '*' || families.has(scope) || (apiScopes as readonly string[]).includes(scope)

/** What a customer's key may hold: the scopes of the client role, no more. */
export const customerKeyScopes: readonly string[] = roleScopes.client ?? []

/** Who is asking, as the REST app and the GraphQL context both know it. */
export interface KeyCaller {
  platform: Platform
  principal: Principal | null
  requestId: string
}

/** A key as shown: never its hash, and the plaintext only in the creation answer. */
export const apiKeyView = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  customerId: k.customerId,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
  createdAt: k.createdAt,
})
export type ApiKeyView = ReturnType<typeof apiKeyView>

/** The caller when it may manage keys at all (a user who is admin, staff or a client); else throws. */
export function keyManager(caller: KeyCaller): Principal & { kind: 'user' } {
  const p = caller.principal
  if (!p)
    throw new GlamError('UNAUTHORIZED', 'Log in, or send a token as `Authorization: Bearer …`.', {
      headers: { 'WWW-Authenticate': 'Bearer realm="glam"' },
    })
  if (p.kind !== 'user')
    throw new GlamError('FORBIDDEN', 'API keys cannot manage API keys: log in or use a token.')
  const roles = rolesOf(p)
  const platform = !p.customerId && !p.influencerId && (roles.includes('admin') || roles.includes('staff'))
  if (!platform && !p.customerId) throw new GlamError('FORBIDDEN', 'Only clients and staff manage API keys.')
  return p as Principal & { kind: 'user' }
}

const isAdmin = (p: Principal) => !p.customerId && rolesOf(p).includes('admin')

/** A customer the caller may act for, or NOT_FOUND (another customer's answers like a missing one). */
async function customerFor(caller: KeyCaller, p: Principal, requested: string): Promise<string> {
  if (p.customerId && requested !== p.customerId) throw new GlamError('NOT_FOUND', 'No such customer.')
  if (!p.customerId && !(await repositoriesOf(caller.platform).customers.get(requested)))
    throw new GlamError('NOT_FOUND', 'No such customer.')
  return requested
}

function checkScopes(p: Principal, scopes: readonly string[], customerKey: boolean) {
  for (const scope of scopes) {
    if (!known(scope))
      throw new GlamError('UNKNOWN_SCOPE', `There is no scope ${JSON.stringify(scope).slice(0, 80)}.`, {
        details: { path: 'scopes', scope: scope.slice(0, 80), known: ['*', ...families, ...apiScopes] },
      })
    if (customerKey && !customerKeyScopes.includes(scope))
      throw new GlamError('SCOPE_NOT_ALLOWED', `A customer's key cannot hold ${scope}.`, {
        details: { path: 'scopes', scope, allowed: customerKeyScopes },
      })
    if (!hasScope(p, scope))
      throw new GlamError('SCOPE_NOT_HELD', `You lack ${scope}, so your keys cannot have it.`, {
        details: { path: 'scopes', scope },
      })
  }
}

const audit = (caller: KeyCaller, action: string, key: ApiKey, details: Record<string, unknown> = {}) =>
  repositoriesOf(caller.platform).audit.record({
    actorType: caller.principal!.kind,
    actorId: caller.principal!.id,
    action,
    targetType: 'api_key',
    targetId: key.id,
    details: { customerId: key.customerId, prefix: key.prefix, ...details },
    requestId: caller.requestId,
  })

/**
 * Creates a key. `customerId`: omitted, the client's own customer (staff and admins must name
 * one); `null`, a platform-wide key (admins only).
 */
export async function createApiKey(
  caller: KeyCaller,
  input: { name: string; scopes: readonly string[]; customerId?: string | null },
): Promise<{ key: string; apiKey: ApiKeyView }> {
  const p = keyManager(caller)
  let customerId: string | null
  if (input.customerId === undefined) {
    if (!p.customerId)
      throw new GlamError('VALIDATION_FAILED', undefined, {
        details: [
          {
            path: 'customerId',
            code: 'required',
            message: 'name the customer (or null for a platform-wide key, admins only)',
          },
        ],
      })
    customerId = p.customerId
  } else if (input.customerId === null) {
    if (!isAdmin(p)) throw new GlamError('FORBIDDEN', 'Only admins create platform-wide keys.')
    customerId = null
  } else {
    customerId = await customerFor(caller, p, input.customerId)
  }
  const scopes = [...new Set(input.scopes)]
  checkScopes(p, scopes, customerId !== null)
  const { key, apiKey } = await repositoriesOf(caller.platform).apiKeys.create({
    name: input.name,
    customerId,
    scopes,
  })
  await audit(caller, 'api_key.created', apiKey, { scopes })
  return { key, apiKey: apiKeyView(apiKey) }
}

/**
 * Keys newest first, revoked ones too: a client's customer's; staff name a customer
 * (`customerId`); admins may also list every key, platform-wide ones included.
 */
export async function listApiKeys(
  caller: KeyCaller,
  filter: { customerId?: string | undefined; limit?: number; cursor?: string },
) {
  const p = keyManager(caller)
  let customerId = filter.customerId
  if (p.customerId) customerId = await customerFor(caller, p, customerId ?? p.customerId)
  else if (customerId) customerId = await customerFor(caller, p, customerId)
  else if (!isAdmin(p))
    throw new GlamError('VALIDATION_FAILED', undefined, {
      details: [{ path: 'customer', code: 'required', message: 'name the customer whose keys to list' }],
    })
  const page = await repositoriesOf(caller.platform).apiKeys.list({
    ...(customerId !== undefined && { customerId }),
    ...(filter.limit && { limit: filter.limit }),
    ...(filter.cursor && { cursor: filter.cursor }),
  })
  return { items: page.items.map(apiKeyView), nextCursor: page.nextCursor }
}

/** Revokes a key the caller may manage (again: no change); another customer's answers NOT_FOUND. */
export async function revokeApiKey(caller: KeyCaller, id: string): Promise<ApiKeyView> {
  const p = keyManager(caller)
  const repos = repositoriesOf(caller.platform)
  const found = /^[0-9a-f-]{36}$/i.test(id) ? await repos.apiKeys.get(id) : null
  // Staff manage customers' keys; platform-wide keys only admins.
  const mine = found && (p.customerId ? found.customerId === p.customerId : found.customerId || isAdmin(p))
  if (!found || !mine) throw new GlamError('NOT_FOUND', 'No API key with this id.')
  if (await repos.apiKeys.revoke(found.id)) await audit(caller, 'api_key.revoked', found)
  return apiKeyView((await repos.apiKeys.get(found.id))!)
}
