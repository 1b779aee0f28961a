/**
 * The start-up check for first segments reserved after links took them: a link whose slug is
 * now reserved (`Webhooks` once `/webhooks` is mounted) no longer redirects, because the
 * reserved path wins. Each such link is logged, with its id and slug, so it can be renamed.
 * `npm run -s check` reports the same links as a WARNING.
 */
import { isReservedSegment, type Platform } from '@glam/core'
import type { SqlDatabase } from '@glam/db/database'
import { linksRepository, type SlugCollisions } from '@glam/db/repositories/links'

/**
 * Logs one `links.slug_reserved` warning per link whose slug is a reserved first segment
 * (case-insensitively, as the router matches them) and a `links.slug_check` summary, and
 * returns them. Asks `isReservedSegment` at call time, so segments reserved at start-up count.
 * Throws when the links cannot be read; the callers log that as `links.slug_check_failed`.
 */
export async function reportSlugCollisions(
  platform: Pick<Platform, 'database' | 'logger' | 'clock'>,
  options: { limit?: number; pageSize?: number } = {},
): Promise<SlugCollisions> {
  const database = platform.database as SqlDatabase
  if (!('db' in database)) return { count: 0, collisions: [], scanned: 0 }
  const started = Date.now()
  const links = linksRepository({ database, now: () => platform.clock.now(), masterKey: '' })
  const found = await links.reservedSlugCollisions(isReservedSegment, options)
  const log = platform.logger
  for (const link of found.collisions)
    log.warn('links.slug_reserved', { linkId: link.id, slug: link.slug, status: link.status })
  const summary = {
    collisions: found.count,
    reported: found.collisions.length,
    scanned: found.scanned,
    ms: Date.now() - started,
  }
  if (found.count > 0) log.warn('links.slug_check', summary)
  else log.info('links.slug_check', summary)
  return found
}
