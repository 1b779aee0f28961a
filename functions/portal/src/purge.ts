/**
 * The kept pages a catalogue change made stale, purged by their tags: each product changed since
 * the last run (a feed run, a shop paused: both move `updated_at`) purges its own page, its
 * brand's, its categories' up the trail, the home page and the search pages. More than 2,000
 * changes at once (a whole feed) purge every portal page instead. Where it got to is kept in
 * the blob store (`portal/page-cursor.json`), so any process's job carries on from there.
 */
import { type Platform, purgePages, readJsonBlob, writeJsonBlob } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { categoryById, slugOf } from './catalogue.ts'

export const pageCursorKey = 'portal/page-cursor.json'
/** Changes read per run before the whole portal is purged instead. */
const maxChanges = 2000
/** Re-read this much before the cursor: writes that committed after a later one. */
const overlapMs = 60_000
/** Without a cursor: changes this old are already in every kept page (they live five minutes). */
const firstLookBackMs = 10 * 60_000

export interface PurgeReport {
  changed: number
  tags: number
  /** Every portal page was purged (too many changes). */
  all: boolean
}

async function readCursor(platform: Platform): Promise<number | null> {
  const { updatedAt } = (await readJsonBlob(platform.blobs, pageCursorKey)) ?? {}
  return typeof updatedAt === 'number' && Number.isFinite(updatedAt) ? updatedAt : null
}

export async function purgeChangedPages(platform: Platform): Promise<PurgeReport> {
  const startedAt = platform.clock.now().getTime()
  const cursor = (await readCursor(platform)) ?? startedAt - firstLookBackMs
  const rows = await repositoriesOf(platform).products.changedSince(
    { updatedAt: new Date(cursor - overlapMs), id: '' },
    maxChanges + 1,
  )
  let report: PurgeReport
  if (rows.length > maxChanges) {
    await purgePages(platform, ['portal'])
    report = { changed: rows.length, tags: 1, all: true }
  } else {
    const tags = new Set<string>()
    for (const row of rows) {
      tags.add(`product-${row.id}`)
      if (row.brand) tags.add(`brand-${slugOf(row.brand)}`)
      const category = row.taxonomyId === null ? null : await categoryById(platform, row.taxonomyId, 'de')
      for (const level of category?.trail ?? []) tags.add(`category-${level.id}`)
    }
    if (tags.size) for (const tag of ['home', 'search', 'not-found']) tags.add(tag)
    await purgePages(platform, [...tags])
    report = { changed: rows.length, tags: tags.size, all: false }
  }
  // The next run reads from this run's start (less the overlap): a change is purged once or twice.
  await writeJsonBlob(platform.blobs, pageCursorKey, { updatedAt: startedAt })
  return report
}
