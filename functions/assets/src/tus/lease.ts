/**
 * The upload's lease: a PATCH takes it in `info` (`lock.until`, renewed while bytes flow); other
 * PATCHes and DELETEs answer 423 meanwhile. It is read, then written, not swapped atomically (the
 * BlobStore has no compare-and-swap): two requests within one round trip of each other may both
 * take it. Chunk sizes are checked against `info` when read back, so such a race fails the upload
 * rather than corrupting it.
 */
import { GlamError } from '@glam/core'
import { nowMs } from './protocol.ts'
import type { Settings } from './settings.ts'
import type { C } from './types.ts'
import { saveInfo, type TusInfo } from './uploads.ts'

const LEASE_MS = 60_000

export type Lease = ReturnType<typeof createLease>

export function assertUnlocked(c: C, info: TusInfo) {
  const left = info.lock ? Date.parse(info.lock.until) - nowMs(c) : 0
  if (left > 0) throw new GlamError('TUS_UPLOAD_LOCKED', undefined, { headers: { 'Retry-After': '1' } })
}

/**
 * The upload's lease: written into `info`, renewed while bytes flow (request body or assembly),
 * dropped by `release`. Writes are chained so a renewal never lands after the release.
 */
export function createLease(c: C, s: Settings, info: TusInfo) {
  const { blobs } = c.var.platform
  const token = crypto.randomUUID()
  let state = info
  let until = 0
  let ended = false
  let writing: Promise<unknown> = Promise.resolve()
  const write = (next: TusInfo, locked: boolean) => {
    state = next
    const { lock: _, ...unlocked } = next
    const stored = locked ? { ...unlocked, lock: { token, until: new Date(until).toISOString() } } : unlocked
    writing = writing.catch(() => {}).then(() => saveInfo(blobs, s.prefix, stored))
    return writing
  }
  return {
    take() {
      until = nowMs(c) + LEASE_MS
      return write(state, true)
    },
    touch() {
      if (ended || until - nowMs(c) > LEASE_MS / 2) return
      until = nowMs(c) + LEASE_MS
      write(state, true).catch((error) =>
        c.var.log.warn('tus.lease_renewal_failed', { upload: info.id, error }),
      )
    },
    release(next: TusInfo) {
      ended = true
      return write(next, false)
    },
    /** No more renewals; resolves once the pending ones are written (before deleting the upload). */
    async end() {
      ended = true
      await writing.catch(() => {})
    },
  }
}
