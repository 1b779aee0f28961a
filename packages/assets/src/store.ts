/**
 * Content addressing: an ingested upload becomes a record pointing at `assets/<sha256>`, the same
 * bytes twice one blob and two records. Deleting a record deletes the blob when nothing else
 * references it, and the collection job sweeps what is left, both safe against an upload of the
 * same bytes racing them (the protocol is described in @glam/db's assets repository):
 *
 * 1. upload: touch the blob's row (`live`), insert the record, check the row is still live
 *    (else wait for the collector, or take over its stale claim, and start again), then move
 *    the temporary blob into place unless the bytes are already there;
 * 2. collector: claim the row (`live` → `deleting`, only while unreferenced and untouched since a
 *    cutoff), delete the blob (and its raw copy for nginx), then the row.
 */
import { GlamError, type Platform } from '@glam/core'
import type { Asset, NewAsset } from '@glam/db/repositories/assets'
import { forgetVariants } from '@glam/images/held'
import { variantCopyName, variantPrefix } from '@glam/images/variants'
import { forgetOriginal } from './delivery-cache.ts'
import { discardIngested, type Ingested, tempPrefix } from './ingest.ts'

export const contentPrefix = 'assets/'
export const contentKey = (sha256: string) => `${contentPrefix}${sha256}`

/** How long an upload waits for a collector that claimed its bytes, and when a claim counts as dead. */
const waitForCollectorMs = 15_000
const staleClaimMs = 5 * 60_000

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export type AssetFields = Omit<
  NewAsset,
  'sha256' | 'size' | 'format' | 'contentType' | 'width' | 'height' | 'pages' | 'placeholder'
>

/** Stores an ingested upload as a record (the blob moved into place); the record. */
export async function storeAsset(
  platform: Platform,
  ingested: Ingested,
  fields: AssetFields,
): Promise<Asset> {
  const { assets } = platform.repos
  const { sha256 } = ingested
  let record: Asset | undefined
  try {
    const started = Date.now()
    for (;;) {
      const state = await assets.touchBlob(sha256, ingested.size)
      if (state === 'live') {
        record ??= await assets.insert({
          ...fields,
          sha256,
          size: ingested.size,
          format: ingested.format,
          contentType: ingested.info.contentType,
          width: ingested.width,
          height: ingested.height,
          pages: ingested.pages,
          placeholder: ingested.placeholder,
        })
        // The record exists now: from here no collector can claim the row. Was it claimed first?
        if ((await assets.blob(sha256))?.state === 'live') break
      }
      // A collector claimed these bytes: once it has deleted them (the row goes), store them again.
      const row = await assets.blob(sha256)
      if (
        row?.state === 'deleting' &&
        row.touchedAt.getTime() < platform.clock.now().getTime() - staleClaimMs
      ) {
        if (await assets.reclaimStale(sha256, new Date(platform.clock.now().getTime() - staleClaimMs)))
          await finishDeletion(platform, sha256)
        continue
      }
      if (Date.now() - started > waitForCollectorMs)
        throw new GlamError('SERVICE_UNAVAILABLE', 'The store is busy with these bytes; try again shortly.', {
          headers: { 'Retry-After': '5' },
        })
      if (row?.state === 'deleting') await sleep(50)
    }
    const key = contentKey(sha256)
    if (await platform.blobs.has(key)) await discardIngested(platform, ingested)
    else await platform.blobs.move(ingested.tempKey, key)
    return record
  } catch (err) {
    await discardIngested(platform, ingested)
    if (record) await assets.delete(record.id).catch(() => {})
    throw err
  }
}

async function finishDeletion(platform: Platform, sha256: string) {
  forgetOriginal(platform, sha256)
  await deleteVariants(platform, sha256)
  await platform.blobs.delete(contentKey(sha256))
  await platform.accel?.remove(sha256)
  await platform.repos.assets.dropClaimed(sha256)
}

/** The variants of a source (`variants/<sha256>/…`) go with it: blobs, raw copies, held bytes. */
async function deleteVariants(platform: Platform, sha256: string) {
  forgetVariants(platform, sha256)
  await platform.accel?.removePlaced?.(`i/${sha256}`)
  let cursor: string | undefined
  do {
    const page = await platform.blobs.list({
      prefix: variantPrefix(sha256),
      limit: 500,
      ...(cursor && { cursor }),
    })
    for (const item of page.items) {
      await platform.blobs.delete(item.key)
      await platform.accel?.remove(variantCopyName(item.key))
    }
    cursor = page.cursor ?? undefined
  } while (cursor)
}

/**
 * Deletes the blob of `sha256` when nothing references it and it was untouched since `cutoff`.
 * True when it was deleted.
 */
export async function collectBlob(platform: Platform, sha256: string, cutoff: Date): Promise<boolean> {
  if (!(await platform.repos.assets.claimBlob(sha256, cutoff))) return false
  await finishDeletion(platform, sha256)
  return true
}

/** Deletes a record, and its blob when no other record references it. The deleted record, or null. */
export async function deleteAsset(platform: Platform, id: string): Promise<Asset | null> {
  const deleted = await platform.repos.assets.delete(id)
  if (!deleted) return null
  // This process stops serving it at once; others within the delivery cache's 30 s.
  forgetOriginal(platform, deleted.sha256)
  // Now: an upload of the same bytes that raced us either inserted its record first (the claim
  // fails) or finds the claim and stores its bytes again after the deletion.
  const now = platform.clock.now()
  const collected = await collectBlob(platform, deleted.sha256, new Date(now.getTime() + 1))
  // The bytes stay for other records, but if none of them is public their variants may no
  // longer be served as public: not from memory, and not by nginx from a placed copy.
  if (!collected && deleted.visibility === 'public') await withdrawPublicVariants(platform, deleted.sha256)
  platform.logger.info('asset.deleted', { id, sha256: deleted.sha256, blobDeleted: collected })
  return deleted
}

/** Stops serving a source's variants as public when no record of it is public any more. */
export async function withdrawPublicVariants(platform: Platform, sha256: string): Promise<boolean> {
  const [first] = await platform.repos.assets.bySha256(sha256, 1)
  if (first?.visibility === 'public') return false
  forgetVariants(platform, sha256)
  await platform.accel?.removePlaced?.(`i/${sha256}`)
  return true
}

export interface CollectionReport {
  /** Unreferenced blobs deleted. */
  blobs: number
  /** Claims a dead collector left, finished. */
  stale: number
  /** Blobs in the store that no row knew of, deleted. */
  orphans: number
  /** Temporary uploads older than a day, deleted. */
  temporary: number
  /** Variants whose source no row knows (older than the grace period), deleted. */
  variants: number
  /** Sources whose placed nginx copies were removed: no public record names them. */
  placed: number
}

/**
 * The garbage-collection job's work: blobs no record references, untouched for `graceMs`; claims
 * left by a collector that died; blobs in the store without a row (older than the grace period);
 * temporary uploads abandoned for a day.
 */
export async function collectGarbage(
  platform: Platform,
  options: { graceMs: number; limit?: number },
): Promise<CollectionReport> {
  const { assets } = platform.repos
  const now = platform.clock.now().getTime()
  const cutoff = new Date(now - options.graceMs)
  const report: CollectionReport = { blobs: 0, stale: 0, orphans: 0, temporary: 0, variants: 0, placed: 0 }
  for (const sha256 of await assets.unreferencedBlobs(cutoff, options.limit))
    if (await collectBlob(platform, sha256, cutoff)) report.blobs++
  const staleBefore = new Date(now - staleClaimMs)
  for (const sha256 of await assets.staleClaims(staleBefore, options.limit))
    if (await assets.reclaimStale(sha256, staleBefore)) {
      await finishDeletion(platform, sha256)
      report.stale++
    }
  let cursor: string | undefined
  do {
    const page = await platform.blobs.list({ prefix: contentPrefix, limit: 500, ...(cursor && { cursor }) })
    const hashes = page.items
      .filter((b) => (b.uploadedAt?.getTime() ?? 0) < cutoff.getTime())
      .map((b) => ({ sha256: b.key.slice(contentPrefix.length), size: b.size }))
      .filter((b) => /^[0-9a-f]{64}$/.test(b.sha256))
    const known = await assets.knownBlobs(hashes.map((h) => h.sha256))
    for (const orphan of hashes.filter((h) => !known.has(h.sha256)))
      if (await assets.claimOrphan(orphan.sha256, orphan.size)) {
        await finishDeletion(platform, orphan.sha256)
        report.orphans++
      }
    cursor = page.cursor ?? undefined
  } while (cursor)
  // Variants whose source is gone (one computed while its source was being deleted).
  do {
    const page = await platform.blobs.list({ prefix: 'variants/', limit: 500, ...(cursor && { cursor }) })
    const old = page.items.filter((b) => (b.uploadedAt?.getTime() ?? 0) < cutoff.getTime())
    const sources = [...new Set(old.map((b) => b.key.split('/')[1]!).filter((h) => /^[0-9a-f]{64}$/.test(h)))]
    const known = await assets.knownBlobs(sources)
    for (const item of old)
      if (!known.has(item.key.split('/')[1]!)) {
        await platform.blobs.delete(item.key)
        await platform.accel?.remove(variantCopyName(item.key))
        await platform.accel?.removePlaced?.(`i/${item.key.split('/')[1]!}`)
        report.variants++
      }
    cursor = page.cursor ?? undefined
  } while (cursor)
  // Copies nginx serves by itself, of sources no public record names any more (placed while a
  // deletion ran, or on another host's watch).
  for (const sha256 of (await platform.accel?.placedSources?.('i')) ?? [])
    if (await withdrawPublicVariants(platform, sha256)) report.placed++
  const dayAgo = now - 24 * 3600_000
  do {
    const page = await platform.blobs.list({ prefix: tempPrefix, limit: 500, ...(cursor && { cursor }) })
    for (const item of page.items)
      if ((item.uploadedAt?.getTime() ?? now) < dayAgo) {
        await platform.blobs.delete(item.key)
        report.temporary++
      }
    cursor = page.cursor ?? undefined
  } while (cursor)
  return report
}
