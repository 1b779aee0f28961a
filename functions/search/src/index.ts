/**
 * @module @glam/search-api
 * Product search at `/api/search` (public, rate-limited per client address): full text in German
 * and English with facets, typeahead at `/suggest`, facet values at `/facets/:facet`; staff
 * manage synonyms at `/synonyms` and watch the index at `/status`. The engine is the `search`
 * port (@glam/search: SQLite FTS5, a database of its own), kept up with the catalogue after every
 * feed run and by the `search-sync` job.
 */
import { defineFunction } from '@glam/core'
import { createSearchApp } from './app.ts'
import { searchErrors } from './errors.ts'
import { searchSyncJob } from './jobs.ts'
import { searchOpenapi } from './openapi.ts'
import { searchSettings } from './settings.ts'
import { createSearchStatusApp } from './status.ts'
import { createSynonymsApp } from './synonyms.ts'

export const searchFunction = defineFunction({
  name: 'search',
  description:
    'Product search (public): `/api/search`, `/api/search/suggest`, `/api/search/facets/:facet`; synonyms (staff) at `/api/search/synonyms`; the index at `/api/search/status`.',
  mounts: [
    { path: '/api/search/synonyms', app: () => createSynonymsApp() },
    { path: '/api/search', app: () => createSearchStatusApp() },
    { path: '/api/search', app: () => createSearchApp() },
  ],
  claims: ['/api/search', '/api/search/*'],
  tables: ['search_synonyms', 'products', 'shops', 'taxonomy_categories', 'audit_log'],
  runtimes: ['edge', 'container'],
  settings: searchSettings,
  errors: searchErrors,
  jobs: [searchSyncJob],
  openapi: searchOpenapi,
})

export { enforceSearchLimit, productPath, searchAnswer, suggestAnswer } from './app.ts'
export { searchParams, suggestParams } from './params.ts'
