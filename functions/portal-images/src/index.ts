/**
 * @module @glam/portal-images
 * Feed images as assets (containers: the fetch is Node's SSRF-safe one and the placeholder is
 * sharp's): the `portal-images` job fetches each product's image address once into a public
 * `product-photo` asset, so the portal's pages (which read `product_images` on every runtime)
 * show it through the image variants with a `srcset` and a blur-up placeholder.
 */
import { defineFunction } from '@glam/core'
import { portalImagesJob } from './job.ts'

export const portalImagesFunction = defineFunction({
  name: 'portal-images',
  description:
    "Fetches feed products' images once into public assets for the portal's srcset and blur-up (the `portal-images` job; containers).",
  mounts: [],
  claims: [],
  jobs: [portalImagesJob],
  tables: ['product_images', 'products', 'shops', 'assets', 'asset_blobs'],
  runtimes: ['container'],
})
