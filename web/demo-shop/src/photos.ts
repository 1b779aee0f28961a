/**
 * The products' photos, served by Glam: the demo images `npm start` seeds as assets, at
 * `${glamUrl}/a/<sha256>.jpg`. The shop hashes the same committed files itself, so it needs no
 * API key and no call to Glam; a Glam without them (the worker, demo data off) answers 404 and
 * the shop shows the alt text on the product's colour.
 */
import { demoAssetSha256, demoAssets } from '@glam/assets/demo'
import { fileOf } from '@glam/assets/urls'
import type { Product } from './catalogue.ts'

export interface Photo {
  src: string
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
    const file = fileOf({ sha256: demoAssetSha256(asset.file), format: 'jpeg' })
    photos.set(product.sku, {
      src: `${glamUrl}/a/${file}`,
      width: asset.width,
      height: asset.height,
      alt: asset.alt,
    })
  }
  return photos
}
