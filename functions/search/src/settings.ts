/**
 * The search's settings: declared in the manifest, parsed with the platform's, added to `Config`
 * by declaration merging. The runtimes read `searchEngine` and `searchUrl` to build the port.
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const searchSettings = {
  searchEngine: setting({
    env: 'GLAM_SEARCH',
    schema: z.enum(['fts5', 'none']),
    default: 'fts5',
    description:
      'Product search engine: `fts5` (SQLite FTS5 through libsql in containers, the `SEARCH_DB` D1 binding on the edge) or `none` (`/api/search` answers 503 SEARCH_UNAVAILABLE).',
  }),
  searchUrl: setting({
    env: 'GLAM_SEARCH_URL',
    schema: z.string().regex(/^(file:|:memory:)/, 'must start with file: or be :memory:'),
    default: 'file:.data/search.db',
    description:
      'Where the FTS5 index lives in containers: a SQLite file of its own (it is rebuilt from the catalogue with `npm run search -- reindex`, so it needs no backup) or `:memory:`.',
  }),
  searchRateLimit: setting({
    env: 'GLAM_SEARCH_RATE_LIMIT',
    schema: z.coerce.number().int().min(1).max(100_000),
    default: 600,
    description:
      'Searches (search, suggest, facet values) one client address may make per minute, in bursts of up to a tenth of it (typeahead asks on every key); more answer 429 RATE_LIMITED.',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof searchSettings> {}
}
