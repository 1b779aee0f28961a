/**
 * The rule of an asset type in an app: the default declared in code (@glam/assets/types) merged
 * with the app's override from `asset_rules`, when it has one.
 */
import { ruleOf } from '@glam/assets/rules'
import { type AssetRule, defaultRules } from '@glam/assets/types'
import { type AppEnv, GlamError } from '@glam/core'
import type { Context } from 'hono'

export async function ruleFor(c: Context<AppEnv>, appId: string, type: string): Promise<AssetRule> {
  const rule = await ruleOf(c.var.platform, appId, type)
  if (!rule)
    throw new GlamError(
      'UNKNOWN_ASSET_TYPE',
      `There is no asset type ${JSON.stringify(type).slice(0, 80)}.`,
      {
        details: { types: Object.keys(defaultRules) },
      },
    )
  return rule
}

/** The app an asset is uploaded in and read through: the caller's (API keys: the dashboard's). */
export const appOf = (c: Context<AppEnv>) => c.var.principal?.user?.app ?? 'dashboard'
