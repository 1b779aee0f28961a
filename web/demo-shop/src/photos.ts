/**
 * The products' photos, served by Glam: the demo images `npm start` seeds as assets, as image
 * variants (`${glamUrl}/i/<sha256>?p=card`, with a srcset of the presets, so each screen gets its
 * size and each browser its format: AVIF, WebP or JPEG). The shop hashes the same committed files
 * itself, so it needs no API key and no call to Glam; a Glam without them (the worker, demo data
 * off) answers an error and the shop shows the alt text on the product's colour.
 */
import { demoAssetSha256, demoAssets } from '@glam/assets/demo'
import { variantSrcset, variantUrl } from '@glam/images/srcset'
import type { Product } from './catalogue.ts'

export interface Photo {
  src: string
  /** `<variant URL> <width>w, …` over the presets, capped at the photo's own width. */
  srcset: string
  width: number
  height: number
  alt: string
}

/** Each product's photo by SKU; refuses, when the shop is built, a product without a demo photo. */
export function productPhotos(glamUrl: string, products: readonly Product[]): ReadonlyMap<string, Photo> {
  const photos = new Map<string, Photo>()
  for (const product of products) {
    const asset = demoAssets.find((a) => a.file === product.photo && a.type === 'product-photo')
    if (!asset) throw new Error(`demo-shop: ${product.sku} names no demo product photo (${product.photo})`)
    const sha256 = demoAssetSha256(asset.file)
    const base = glamUrl.replace(/\/+$/, '')
    photos.set(product.sku, {
      src: variantUrl(sha256, 'card', base),
      srcset: variantSrcset(sha256, { width: asset.width, base }),
      width: asset.width,
      height: asset.height,
      alt: asset.alt,
    })
  }
  return photos
}
