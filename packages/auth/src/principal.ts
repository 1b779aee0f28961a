/**
 * From grants to a principal: which scopes a user's roles give on the REST API and which
 * customer or influencer they are limited to. `admin` and `staff` are platform-wide; `client`
 * is limited to a customer, `influencer` to an influencer; `viewer`/`editor` mean something
 * only to the apps that define them and give no REST scopes.
 */
import type { Principal } from '@glam/core'
import type { Grant, User } from '@glam/db/repositories/users'

/** The app whose grants the REST API (`/api/*`) and GraphQL enforce. */
export const apiApp = 'dashboard'

export const roleScopes: Record<string, readonly string[]> = {
  admin: ['*'],
  staff: [
    'links:*',
    'stats:*',
    'shops:*',
    'conversions:*',
    'exports:*',
    'assets:*',
    'catalog:*',
    'webhooks:*',
    'jobs:read',
    'users:read',
    'reports:*',
    'fx-rates:write',
    'search:*',
    'mail:*',
    'newsletter:*',
  ],
  client: [
    'links:read',
    'stats:read',
    'conversions:read',
    'exports:read',
    'assets:read',
    'assets:write',
    'catalog:read',
    'catalog:validate',
    'webhooks:read',
    'webhooks:write',
    'reports:read',
  ],
  influencer: ['links:read', 'stats:read', 'assets:read', 'assets:write', 'reports:read'],
}

export const platformRoles = ['admin', 'staff'] as const

/** True when the principal's scopes grant `scope` (`*` grants everything; `links:*` a family). */
export function hasScope(principal: Principal, scope: string): boolean {
  const family = `${scope.split(':')[0]}:*`
  return principal.scopes.some((s) => s === '*' || s === scope || s === family)
}

/** The roles a caller holds: a user's from their grants; an API key is admin only when it is platform-wide with every scope. */
export const rolesOf = (principal: Principal | null): readonly string[] =>
  !principal
    ? []
    : principal.kind === 'api_key'
      ? !principal.customerId && principal.scopes.includes('*')
        ? ['admin']
        : []
      : (principal.user?.roles ?? [])

/** True when the principal has a platform-wide role (or a platform-wide API key). */
export const isPlatformWide = (principal: Principal) => !principal.customerId && !principal.influencerId

interface GrantLike {
  role: string
  scopeType?: string
  scopeId?: string
  scope?: { type: string; id: string }
}

/**
 * The principal for a user holding `grants` in `app`. A client of several customers acts for
 * `requestedCustomer` when it is one of theirs, else for the first.
 */
export function userPrincipal(
  user: Pick<User, 'id' | 'email'>,
  grants: readonly (Grant | GrantLike)[],
  input: { app: string; via: 'session' | 'token'; sessionId?: string; requestedCustomer?: string },
): Principal {
  const scoped = grants.map((g: GrantLike) => ({
    role: g.role,
    type: g.scope?.type ?? g.scopeType ?? '',
    id: g.scope?.id ?? g.scopeId ?? '',
  }))
  const roles = [...new Set(scoped.map((g) => g.role))]
  const base = {
    kind: 'user' as const,
    id: user.id,
    user: {
      email: user.email,
      app: input.app,
      roles,
      via: input.via,
      ...(input.sessionId && { sessionId: input.sessionId }),
    },
  }
  const wide = scoped.filter((g) => (platformRoles as readonly string[]).includes(g.role) && !g.type)
  if (wide.length) {
    const scopes = [...new Set(wide.flatMap((g) => roleScopes[g.role] ?? []))]
    return { ...base, customerId: null, influencerId: null, scopes }
  }
  const customers = scoped.filter((g) => g.role === 'client' && g.type === 'customer').map((g) => g.id)
  if (customers.length) {
    const customerId =
      input.requestedCustomer && customers.includes(input.requestedCustomer)
        ? input.requestedCustomer
        : customers[0]!
    return { ...base, customerId, influencerId: null, scopes: roleScopes.client! }
  }
  const influencer = scoped.find((g) => g.role === 'influencer' && g.type === 'influencer')
  if (influencer)
    return { ...base, customerId: null, influencerId: influencer.id, scopes: roleScopes.influencer! }
  return { ...base, customerId: null, influencerId: null, scopes: [] }
}

/**
 * Whether a record that belongs to `owner` is visible to the principal: platform-wide callers
 * see everything, customer-limited callers their customer's, influencers their own.
 */
export function canSee(
  principal: Principal,
  owner: { customerId?: string | null; influencerId?: string | null },
) {
  if (principal.customerId && owner.customerId !== principal.customerId) return false
  if (principal.influencerId && owner.influencerId !== principal.influencerId) return false
  return true
}
