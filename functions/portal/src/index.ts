/**
 * @module @glam/portal
 * The shopper portal: server-rendered product, category, brand and search pages in German (at
 * the root) and English (under `/en`), cached at the edge, with JSON-LD, canonical and hreflang
 * links; the "buy at the shop" button goes through a tracked shortlink with channel `portal`.
 * Reads the catalogue (SQL) and the search port; runs on every runtime.
 */
import { defineFunction } from '@glam/core'
import { createPortalApp } from './app.tsx'
import { portalSitemapsJob } from './jobs.ts'
import { portalSettings } from './settings.ts'

export const portalFunction = defineFunction({
  name: 'portal',
  description:
    'The shopper portal: `/` (home), `/p/<slug>-<id>`, `/c/<category path>`, `/b/<brand>`, `/suche` (German); the same under `/en` (`/en/search`); `/robots.txt`, `/sitemap.xml`, `/sitemaps/*.xml.gz` and the typeahead `/portal.js`.',
  mounts: [{ path: '/', app: () => createPortalApp() }],
  claims: [
    '/',
    '/p/*',
    '/c/*',
    '/b/*',
    '/suche',
    '/en',
    '/en/*',
    '/robots.txt',
    '/sitemap.xml',
    '/sitemaps/*',
    '/portal.js',
  ],
  jobs: [portalSitemapsJob],
  settings: portalSettings,
  tables: [
    'products',
    'shops',
    'taxonomy_categories',
    'links',
    'search_synonyms',
    'product_images',
    'assets',
  ],
  runtimes: ['edge', 'container'],
})
