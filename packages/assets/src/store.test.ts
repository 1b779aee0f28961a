// Content addressing and garbage collection on a real platform (SQLite, filesystem blobs): the same
// bytes are one blob; a blob goes when its last record goes, or after the grace period; and no
// interleaving of an upload with a deletion or a collection ever leaves a record without its bytes.

import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingest } from './ingest.ts'
import { collectBlob, collectGarbage, contentKey, deleteAsset, storeAsset } from './store.ts'
import { defaultRules } from './types.ts'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>

const csv = (seed: string) => new TextEncoder().encode(`sku,title,price\n${seed},Lipstick ${seed},12.90\n`)
const streamOf = (bytes: Uint8Array) => new Response(bytes as BodyInit).body!
const fields = {
  type: 'feed' as const,
  appId: 'dashboard',
  name: 'feed.csv',
  visibility: 'private' as const,
  createdByType: 'api_key',
  createdBy: 'test',
  customerId: null,
  influencerId: null,
}

describe('content-addressed storage and collection', () => {
  let t: T
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
  })
  const put = async (bytes: Uint8Array) =>
    storeAsset(
      t.platform,
      await ingest(t.platform, { body: streamOf(bytes), rule: defaultRules.feed }),
      fields,
    )
  const hasBlob = (sha256: string) => t.platform.blobs.has(contentKey(sha256))
  const temporary = async () => (await t.platform.blobs.list({ prefix: 'uploads/tmp/' })).items.length

  it('stores the same bytes once, and deletes the blob with its last record', async () => {
    const a = await put(csv('same'))
    const b = await put(csv('same'))
    expect(a.sha256).toBe(b.sha256)
    expect(a.id).not.toBe(b.id)
    expect(await temporary()).toBe(0)
    await deleteAsset(t.platform, a.id)
    expect(await hasBlob(a.sha256)).toBe(true)
    await deleteAsset(t.platform, b.id)
    expect(await hasBlob(a.sha256)).toBe(false)
    expect(await t.repos.assets.blob(a.sha256)).toBeNull()
    expect(await deleteAsset(t.platform, b.id)).toBeNull()
  })

  it('collects an unreferenced blob only after the grace period since its last upload', async () => {
    const a = await put(csv('grace'))
    // The record goes without the blob (as when a deletion's collection failed midway).
    await t.repos.assets.delete(a.id)
    const hour = 3600_000
    expect(await collectGarbage(t.platform, { graceMs: hour })).toMatchObject({ blobs: 0 })
    expect(await hasBlob(a.sha256)).toBe(true)
    t.clock.advance(2 * hour)
    expect(await collectGarbage(t.platform, { graceMs: hour })).toMatchObject({ blobs: 1 })
    expect(await hasBlob(a.sha256)).toBe(false)
  })

  it('never claims a blob that a record references, whatever the cutoff', async () => {
    const a = await put(csv('referenced'))
    t.clock.advance(48 * 3600_000)
    expect(await collectBlob(t.platform, a.sha256, t.clock.now())).toBe(false)
    expect(await collectGarbage(t.platform, { graceMs: 0 })).toMatchObject({ blobs: 0 })
    expect(await hasBlob(a.sha256)).toBe(true)
  })

  it('an upload racing a collection that claimed its bytes first waits, then stores them again', async () => {
    const bytes = csv('race-claimed')
    const first = await put(bytes)
    await t.repos.assets.delete(first.id)
    // The collector claims the row …
    expect(await t.repos.assets.claimBlob(first.sha256, new Date(t.clock.now().getTime() + 1))).toBe(true)
    // … an upload of the same bytes arrives and must not trust the blob that is about to go …
    const ingested = await ingest(t.platform, { body: streamOf(bytes), rule: defaultRules.feed })
    let settled = false
    const upload = storeAsset(t.platform, ingested, fields).finally(() => {
      settled = true
    })
    await new Promise((r) => setTimeout(r, 200))
    expect(settled).toBe(false)
    // … the collector deletes the blob, then its row; the upload goes on and stores its bytes.
    await t.platform.blobs.delete(contentKey(first.sha256))
    await t.repos.assets.dropClaimed(first.sha256)
    const second = await upload
    expect(await hasBlob(second.sha256)).toBe(true)
    expect((await t.repos.assets.blob(second.sha256))?.state).toBe('live')
    expect(await t.repos.assets.references(second.sha256)).toBe(1)
  })

  it('an upload takes over a claim a dead collector left behind', async () => {
    const bytes = csv('stale-claim')
    const first = await put(bytes)
    await t.repos.assets.delete(first.id)
    expect(await t.repos.assets.claimBlob(first.sha256, new Date(t.clock.now().getTime() + 1))).toBe(true)
    t.clock.advance(10 * 60_000)
    const second = await put(bytes)
    expect(await hasBlob(second.sha256)).toBe(true)
    expect((await t.repos.assets.blob(second.sha256))?.state).toBe('live')
  })

  it('keeps every record its bytes under concurrent uploads, deletions and collections of the same bytes', async () => {
    const bytes = csv('stress')
    let previous = await put(bytes)
    for (let round = 0; round < 25; round++) {
      const [uploaded] = await Promise.all([
        put(bytes),
        deleteAsset(t.platform, previous.id),
        collectGarbage(t.platform, { graceMs: 0 }),
        collectGarbage(t.platform, { graceMs: 0 }),
      ])
      previous = uploaded
      const records = await t.repos.assets.bySha256(uploaded.sha256)
      expect(records.map((r) => r.id)).toEqual([uploaded.id])
      expect(await hasBlob(uploaded.sha256), `round ${round}`).toBe(true)
    }
  })

  it('sweeps orphaned blobs past the grace period and temporary uploads older than a day', async () => {
    const orphan = 'f'.repeat(64)
    await t.platform.blobs.put(contentKey(orphan), csv('orphan'))
    await t.platform.blobs.put('uploads/tmp/abandoned', csv('abandoned'))
    // A variant whose source no row knows goes too; one of a stored source stays.
    const kept = await put(csv('kept'))
    await t.platform.blobs.put(`variants/${'e'.repeat(64)}/160x_-inside-q80-s.webp`, csv('lost variant'))
    await t.platform.blobs.put(`variants/${kept.sha256}/160x_-inside-q80-s.webp`, csv('kept variant'))
    // The blobs carry real upload times; the test clock is set well past them.
    t.clock.set(new Date(Date.now() + 3 * 86_400_000).toISOString())
    const report = await collectGarbage(t.platform, { graceMs: 3600_000 })
    expect(report).toMatchObject({ orphans: 1, temporary: 1, variants: 1 })
    expect(await t.platform.blobs.has(`variants/${'e'.repeat(64)}/160x_-inside-q80-s.webp`)).toBe(false)
    expect(await t.platform.blobs.has(`variants/${kept.sha256}/160x_-inside-q80-s.webp`)).toBe(true)
    expect(await hasBlob(orphan)).toBe(false)
    expect(await t.platform.blobs.has('uploads/tmp/abandoned')).toBe(false)
    expect(await t.repos.assets.blob(orphan)).toBeNull()
  })
})

describe('placed nginx copies in collection', () => {
  it('removes the copies of sources no public record names, and keeps the others', async () => {
    const removed: string[] = []
    const pub = 'a'.repeat(64)
    const gone = 'b'.repeat(64)
    const accel = {
      published: () => undefined,
      publish: async () => null,
      remove: async () => {},
      placedSources: async () => [pub, gone],
      removePlaced: async (prefix: string) => {
        removed.push(prefix)
      },
    }
    const t = await createTestAppWithDatabase({ overrides: { accel } })
    await t.repos.assets.insert({
      ...fields,
      type: 'campaign-image',
      name: 'public.png',
      format: 'png',
      contentType: 'image/png',
      size: 10,
      sha256: pub,
      visibility: 'public',
      width: null,
      height: null,
      pages: null,
      placeholder: null,
    })
    const report = await collectGarbage(t.platform, { graceMs: 3600_000 })
    expect(report.placed).toBe(1)
    expect(removed).toEqual([`i/${gone}`])
  })
})
