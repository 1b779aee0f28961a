/**
 * How an asset record is shown: its fields, and the URL of its original: the plain content
 * address for public assets, a signed, expiring one for private assets. Images also show their
 * variants (`variants.thumb|card|hero|og` and a `srcset` for pages), signed alike when private.
 */
import { assetPath, variantPaths } from '@glam/assets/urls'
import type { AppEnv } from '@glam/core'
import type { Asset } from '@glam/db/repositories/assets'
import type { Context } from 'hono'

export function assetView(c: Context<AppEnv>, asset: Asset) {
  const { path, expiresAt } = assetPath(c.var.platform, asset)
  const origin = new URL(c.req.url).origin
  const variants = variantPaths(c.var.platform, asset)
  return {
    id: asset.id,
    sha256: asset.sha256,
    type: asset.type,
    app: asset.appId,
    name: asset.name,
    contentType: asset.contentType,
    size: asset.size,
    ...(asset.width !== null && { width: asset.width }),
    ...(asset.height !== null && { height: asset.height }),
    ...(asset.pages !== null && { pages: asset.pages }),
    ...(asset.placeholder !== null && { placeholder: asset.placeholder }),
    visibility: asset.visibility,
    owner: {
      type: asset.createdByType,
      id: asset.createdBy,
      customerId: asset.customerId,
      influencerId: asset.influencerId,
    },
    url: `${origin}${path}`,
    ...(expiresAt && { urlExpiresAt: expiresAt.toISOString() }),
    ...(variants && {
      variants: Object.fromEntries(Object.entries(variants.presets).map(([p, v]) => [p, `${origin}${v}`])),
      srcset: variants.srcset.replaceAll('/i/', `${origin}/i/`),
    }),
    createdAt: asset.createdAt.toISOString(),
  }
}
