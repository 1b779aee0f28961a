/**
 * Garbage collection of uploads: a finished upload's `info` stays as the receipt (asset id and
 * url) until it expires, an unfinished one until its time is up; then every blob of it goes.
 */
import type { BlobMeta, BlobStore } from '@glam/core'
import { DEFAULT_PREFIX, infoKey, readInfo } from './uploads.ts'

/** Chunks left without an `info` (a crash mid-delete) are removed once this old. */
const ORPHAN_GRACE_MS = 24 * 3600_000

/** Whether a listed upload may go: its info says expired (or is unreadable); orphans once a day old. */
async function isStale(blobs: BlobStore, prefix: string, id: string, keys: BlobMeta[], now: number) {
  const info = keys.find((item) => item.key === infoKey(prefix, id))
  if (!info)
    return keys.every((item) => !item.uploadedAt || now - item.uploadedAt.getTime() > ORPHAN_GRACE_MS)
  const state = await readInfo(blobs, info.key).catch(() => null)
  return !state || !(Date.parse(state.expiresAt) > now)
}

/**
 * Deletes the uploads under `prefix` whose time is up (finished ones too: their receipt is kept
 * only until then); answers how many went. The garbage-collection job calls it.
 */
export async function purgeExpiredTusUploads(
  blobs: BlobStore,
  now: Date,
  prefix = DEFAULT_PREFIX,
): Promise<number> {
  let purged = 0
  let group: { id: string; keys: BlobMeta[] } | undefined
  const settle = async () => {
    if (!group || !(await isStale(blobs, prefix, group.id, group.keys, now.getTime()))) return
    for (const item of group.keys) await blobs.delete(item.key)
    purged++
  }
  let cursor: string | null = null
  do {
    const page: { items: BlobMeta[]; cursor: string | null } = await blobs.list({
      prefix: `${prefix}/`,
      limit: 1000,
      ...(cursor && { cursor }),
    })
    // Keys come in byte order, so one upload's keys are contiguous (across pages too).
    for (const item of page.items) {
      const id = item.key.slice(prefix.length + 1).split('/')[0]!
      if (group?.id !== id) {
        await settle()
        group = { id, keys: [] }
      }
      group.keys.push(item)
    }
    cursor = page.cursor
  } while (cursor)
  await settle()
  return purged
}
