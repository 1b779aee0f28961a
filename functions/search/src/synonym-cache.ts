/**
 * The synonym groups of a locale, read from SQL at most every 10 s per process (staff edits reach
 * every container within that; the process that made the edit drops its copy at once).
 */
import { localSlot, type Platform, type SearchLocale } from '@glam/core'
import { isSqlDatabase, repositoriesOf } from '@glam/db/repositories/index'

const ttlMs = 10_000

interface Entry {
  at: number
  groups: Promise<string[][]>
}

const slot = localSlot('search.synonyms', () => new Map<SearchLocale, Entry>())

export async function synonymsFor(platform: Platform, locale: SearchLocale): Promise<string[][]> {
  if (!isSqlDatabase(platform.database)) return []
  const cache = platform.local.of(slot)
  const now = Date.now()
  const hit = cache.get(locale)
  if (hit && now - hit.at < ttlMs) return hit.groups
  const groups = repositoriesOf(platform)
    .searchSynonyms.groups(locale)
    .catch((error) => {
      platform.logger.warn('search.synonyms_unavailable', { error })
      cache.delete(locale)
      return [] as string[][]
    })
  cache.set(locale, { at: now, groups })
  return groups
}

export const forgetSynonyms = (platform: Platform) => platform.local.of(slot).clear()
