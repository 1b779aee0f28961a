/**
 * The rule of an asset type in an app: the default declared in code (./types) merged with the
 * app's override from `asset_rules`, when it has one. Undefined for a type that does not exist.
 */
import type { Platform } from '@glam/core'
import { type AssetRule, type AssetType, defaultRules, isAssetType, mergeRule } from './types.ts'

export async function ruleOf(
  platform: Pick<Platform, 'repos'>,
  appId: string,
  type: string,
): Promise<AssetRule | undefined> {
  if (!isAssetType(type)) return undefined
  const override = await platform.repos.assets.rule(appId, type)
  return mergeRule(defaultRules[type as AssetType], override)
}
