/**
 * The rule of an asset type in an app: the default declared in code (@glam/assets/types) merged
 * with the app's override from `asset_rules`, when it has one.
 */
import { type AssetRule, type AssetType, defaultRules, isAssetType, mergeRule } from '@glam/assets/types'
import { type AppEnv, GlamError } from '@glam/core'
import type { Context } from 'hono'

export async function ruleFor(c: Context<AppEnv>, appId: string, type: string): Promise<AssetRule> {
  if (!isAssetType(type))
    throw new GlamError(
      'UNKNOWN_ASSET_TYPE',
      `There is no asset type ${JSON.stringify(type).slice(0, 80)}.`,
      {
        details: { types: Object.keys(defaultRules) },
      },
    )
  const override = await c.var.platform.repos.assets.rule(appId, type)
  return mergeRule(defaultRules[type as AssetType], override)
}

/** The app an asset is uploaded in and read through: the caller's (API keys: the dashboard's). */
export const appOf = (c: Context<AppEnv>) => c.var.principal?.user?.app ?? 'dashboard'
