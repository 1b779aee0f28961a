/**
 * Who may upload and read assets, from the caller's grants in the app: `admin` and `staff` always;
 * otherwise the roles a type's rule names, limited to what the caller owns (a client its
 * customer's assets, an influencer its own). API keys count as their reach: a platform-wide key
 * as staff (admin with every scope), a customer's key as a client of that customer.
 */
import type { Principal } from '@glam/core'
import type { AssetRule } from './types.ts'

const platformRoles = ['admin', 'staff']

/** The roles that decide asset access for a caller. */
export function assetRolesOf(principal: Principal): readonly string[] {
  if (principal.kind === 'api_key') {
    if (principal.customerId) return ['client']
    return principal.scopes.includes('*') ? ['admin'] : ['staff']
  }
  return principal.user?.roles ?? []
}

const isPlatform = (principal: Principal) =>
  !principal.customerId &&
  !principal.influencerId &&
  assetRolesOf(principal).some((r) => platformRoles.includes(r))

/** True when the caller may upload an asset under `rule`. */
export function mayUpload(principal: Principal, rule: AssetRule): boolean {
  if (isPlatform(principal)) return true
  const roles = assetRolesOf(principal)
  if (rule.uploadRoles.includes('*')) return true
  return roles.some((r) => rule.uploadRoles.includes(r))
}

/** The owner fields of what a caller uploads. */
export interface AssetOwner {
  createdByType: string
  createdBy: string
  customerId: string | null
  influencerId: string | null
}

export interface OwnedAsset {
  visibility: 'public' | 'private'
  createdBy: string
  customerId: string | null
  influencerId: string | null
}

/**
 * True when the caller may read an asset (its record and, if private, its bytes): public ones
 * everyone; private ones platform staff, the uploader, and the roles the rule names within
 * their reach.
 */
export function mayRead(principal: Principal | null, asset: OwnedAsset, rule: AssetRule): boolean {
  if (asset.visibility === 'public') return true
  if (!principal) return false
  if (isPlatform(principal)) return true
  if (asset.createdBy === principal.id) return true
  const roles = assetRolesOf(principal)
  if (roles.includes('client') && rule.readRoles.includes('client') && principal.customerId)
    return asset.customerId === principal.customerId
  if (roles.includes('influencer') && rule.readRoles.includes('influencer') && principal.influencerId)
    return asset.influencerId === principal.influencerId
  return false
}

/** True when the caller may delete an asset: platform staff and the uploader. */
export function mayDelete(principal: Principal, asset: OwnedAsset): boolean {
  return isPlatform(principal) || asset.createdBy === principal.id
}
