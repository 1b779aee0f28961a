/**
 * @module @glam/taxonomy
 * The platform taxonomy and shops' category mappings (containers: the taxonomy is loaded from
 * @glam/catalog's files at start, which the edge cannot read). `GET /api/taxonomy?q=` searches it,
 * `PUT /api/category-mappings` maps a shop's own category text onto it and places the shop's
 * products again.
 */
import { defineFunction } from '@glam/core'
import { createCategoryMappingsApp } from './mappings.ts'
import { taxonomyOpenapi } from './openapi.ts'
import { createTaxonomyApp } from './taxonomy.ts'

export const taxonomyFunction = defineFunction({
  name: 'taxonomy',
  description:
    "Google's product taxonomy (containers) at `/api/taxonomy`, shops' category mappings onto it at `/api/category-mappings`.",
  mounts: [
    { path: '/api/taxonomy', app: () => createTaxonomyApp() },
    { path: '/api/category-mappings', app: () => createCategoryMappingsApp() },
  ],
  claims: ['/api/taxonomy', '/api/taxonomy/*', '/api/category-mappings', '/api/category-mappings/*'],
  tables: ['taxonomy_categories', 'shop_categories', 'products', 'shops'],
  runtimes: ['container'],
  openapi: taxonomyOpenapi,
})
