/** Search synonyms staff manage. (Twin: ../sqlite/search.ts, where the columns are described.) */
import { index, mysqlTable, varchar } from 'drizzle-orm/mysql-core'
import { created, id, json, ref, updated } from './columns.ts'

export const searchSynonyms = mysqlTable(
  'search_synonyms',
  {
    id: id(),
    locale: varchar('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
    terms: json<string[]>('terms').notNull(),
    updatedBy: ref('updated_by'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('search_synonyms_locale_idx').on(t.locale)],
)
