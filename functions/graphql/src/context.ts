/**
 * What every resolver sees: the platform of the request, the caller (session, token or API key;
 * null when anonymous), the app whose grants apply, and per-request dataloaders.
 */
import type { Logger, Platform, Principal } from '@glam/core'
import { createLoaders, type Loaders } from './loaders.ts'

export interface GraphContext {
  platform: Platform
  principal: Principal | null
  log: Logger
  requestId: string
  loaders: Loaders
}

export function createContext(input: Omit<GraphContext, 'loaders'>): GraphContext {
  return { ...input, loaders: createLoaders(input.platform) }
}

/** Platform-wide callers (admin, staff, platform API keys) see everything. */
export const isPlatform = (p: Principal | null) =>
  !!p && !p.customerId && !p.influencerId && p.scopes.length > 0

export const roles = (p: Principal | null): readonly string[] =>
  !p ? [] : p.kind === 'api_key' ? (p.scopes.includes('*') ? ['admin'] : []) : (p.user?.roles ?? [])
