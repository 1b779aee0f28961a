// Blobs of a store that is not on this machine (S3, R2; here the memory store) mirrored for the
// backup: only what changed is fetched again, what the source dropped leaves the mirror.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryBlobStore } from '@glam/blobs/memory'
import type { BlobStore } from '@glam/core'
import { afterAll, describe, expect, it } from 'vitest'
import { prepareBlobs } from './sources.ts'

describe('the blob mirror', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glam-mirror-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))
  const bytes = (text: string) => new TextEncoder().encode(text)

  it('fetches new and changed keys only, drops deleted ones, and samples what it holds', async () => {
    const source = createMemoryBlobStore()
    let gets = 0
    const counted: BlobStore = Object.assign(Object.create(source) as BlobStore, {
      get: (key: string, options?: Parameters<BlobStore['get']>[1]) => {
        gets++
        return source.get(key, options)
      },
    })
    for (const key of ['a/1', 'a/2', 'sitemap.xml']) await source.put(key, bytes(`v1 ${key}`))
    const mirrorDir = join(dir, 'stage', 'blobs')
    const run = () => prepareBlobs({ store: counted, fsDir: null, mirrorDir, sampleSize: 10 })
    const first = await run()
    expect([first.part.count, first.part.source, gets]).toEqual([3, 'mirror', 3])
    gets = 0
    expect((await run()).part.count).toBe(3)
    expect(gets).toBe(0)
    // The same key with new bytes (a sitemap written again), one deleted, one new.
    await source.put('sitemap.xml', bytes('v2, longer'))
    await source.delete('a/1')
    await source.put('a/3', bytes('v1 a/3'))
    const third = await run()
    expect(gets).toBe(2)
    expect(third.part.count).toBe(3)
    expect(third.part.sample.map((s) => s.key).sort()).toEqual(['a/2', 'a/3', 'sitemap.xml'])
  })
})
