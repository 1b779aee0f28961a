/**
 * What staff decide about product search: synonym groups per locale (the index itself lives in
 * its own database, @glam/search, and can be rebuilt from the catalogue; this cannot). (Twin:
 * ../mysql/search.ts.)
 */
import { index, sqliteTable, text } from 'drizzle-orm/sqlite-core'
import { created, id, ref, updated } from './columns.ts'

/** Phrases that mean the same to a shopper of that locale (`lippenstift`, `lipstick`, `lip stick`). */
export const searchSynonyms = sqliteTable(
  'search_synonyms',
  {
    id: id(),
    locale: text('locale', { length: 2, enum: ['de', 'en'] }).notNull(),
    /** Two or more phrases as staff wrote them (the search folds and stems them). */
    terms: text('terms', { mode: 'json' }).$type<string[]>().notNull(),
    updatedBy: ref('updated_by'),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [index('search_synonyms_locale_idx').on(t.locale)],
)
