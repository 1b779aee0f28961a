/**
 * What every resolver sees: the platform of the request, the caller (session, token or API key;
 * null when anonymous), the app whose grants apply, and per-request dataloaders.
 */
import { hasScope, rolesOf } from '@glam/auth'
import type { Logger, Platform, Principal } from '@glam/core'
import { createLoaders, type Loaders } from './loaders.ts'

export interface GraphContext {
  platform: Platform
  principal: Principal | null
  log: Logger
  requestId: string
  loaders: Loaders
  /** Counts a search against the caller's per-address limit (throws RATE_LIMITED). */
  searchLimit?: () => Promise<void>
}

export function createContext(input: Omit<GraphContext, 'loaders'>): GraphContext {
  return { ...input, loaders: createLoaders(input.platform) }
}

/**
 * Platform-wide readers: admin and staff, or a platform-wide API key that may read links and
 * stats. A platform-wide key with narrower scopes reads nothing here.
 */
export const isPlatform = (p: Principal | null) =>
  !!p && !p.customerId && !p.influencerId && hasScope(p, 'links:read') && hasScope(p, 'stats:read')

/** Platform-wide writers: the mutations need links and shops write scopes (admin, staff, `*` keys). */
export const isEditor = (p: Principal | null) =>
  isPlatform(p) && hasScope(p!, 'links:write') && hasScope(p!, 'shops:write')

/** Roles for grants management (one rule with the REST API: `rolesOf`). */
export const roles = rolesOf
