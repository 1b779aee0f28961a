/**
 * Synonym groups staff manage per locale: each group's phrases mean the same to the search
 * (`lippenstift`, `lipstick`). The search function reads `groups(locale)` (cached briefly) and
 * hands them to the engine with every query.
 *
 * ```ts
 * const group = await repos.searchSynonyms.create({ locale: 'de', terms: ['lippenstift', 'lipstick'] }, userId)
 * const groups = await repos.searchSynonyms.groups('de') // [['lippenstift', 'lipstick']]
 * ```
 */
import { asc, eq } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type SearchSynonymGroup = RepoContext['database']['t']['searchSynonyms']['$inferSelect']
export type SynonymLocale = SearchSynonymGroup['locale']

export function searchSynonymsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const s = t.searchSynonyms
  const get = async (id: string) => (await db.select().from(s).where(eq(s.id, id)).limit(1))[0] ?? null
  return {
    async list(locale?: SynonymLocale): Promise<SearchSynonymGroup[]> {
      return db
        .select()
        .from(s)
        .where(locale ? eq(s.locale, locale) : undefined)
        .orderBy(asc(s.locale), asc(s.createdAt), asc(s.id))
    },
    /** The phrases of every group of the locale. */
    async groups(locale: SynonymLocale): Promise<string[][]> {
      const rows = await db.select({ terms: s.terms }).from(s).where(eq(s.locale, locale))
      return rows.map((r) => r.terms)
    },
    get,
    async create(
      input: { locale: SynonymLocale; terms: string[] },
      updatedBy: string | null,
    ): Promise<SearchSynonymGroup> {
      const at = now()
      const row = {
        id: newId(),
        locale: input.locale,
        terms: input.terms,
        updatedBy,
        createdAt: at,
        updatedAt: at,
      }
      await db.insert(s).values(row)
      return row
    },
    async update(id: string, terms: string[], updatedBy: string | null): Promise<SearchSynonymGroup | null> {
      const result = await db.update(s).set({ terms, updatedBy, updatedAt: now() }).where(eq(s.id, id))
      return ops.affectedRows(result) ? get(id) : null
    },
    async remove(id: string): Promise<boolean> {
      return ops.affectedRows(await db.delete(s).where(eq(s.id, id))) > 0
    },
  }
}
