// The product-images repository on every SQL engine (SQLite, D1 under Miniflare, MariaDB when
// present): an address is ready with its asset or failed with its code, written again in place;
// ready ones come back with what a srcset needs, failed ones only once they are due.
import { sha256Hex } from '@glam/core'
import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const serum = 'https://shop.example/serum.png'
const gone = 'https://shop.example/gone.jpg'
const unknown = 'https://shop.example/unknown.jpg'

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'product images on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = new Date('2026-06-01T10:00:00.000Z')

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
    })
    afterAll(() => database?.close())

    /** A shop's product photo as the image job stores it. */
    const insertPhoto = (
      digit: string,
      name: string,
      shape: { size: number; width: number; height: number; placeholder: string | null },
    ) =>
      repos.assets.insert({
        sha256: digit.repeat(64),
        type: 'product-photo',
        appId: 'portal',
        name,
        format: 'png',
        contentType: 'image/png',
        ...shape,
        pages: null,
        visibility: 'public',
        createdByType: 'shop',
        createdBy: 'shop-1',
        customerId: null,
        influencerId: null,
      })

    it('keeps an address ready with its asset, or failed until it is due, and writes it again in place', async () => {
      const asset = await insertPhoto('a', 'serum.png', {
        size: 1234,
        width: 800,
        height: 600,
        placeholder: 'abc',
      })
      await repos.productImages.ready(serum, asset.id)
      // Kept by the SHA-256 of the address (an address may be longer than MySQL indexes).
      expect((await repos.productImages.get(serum))?.urlHash).toBe(await sha256Hex(serum))
      await repos.productImages.failed(gone, 'VALIDATION_FAILED', 1, new Date(clock.getTime() + 3600_000))
      const ready = await repos.productImages.byUrls([serum, gone, unknown])
      expect([...ready]).toEqual([
        [
          serum,
          {
            url: serum,
            sha256: 'a'.repeat(64),
            width: 800,
            height: 600,
            placeholder: 'abc',
          },
        ],
      ])
      expect(await repos.productImages.known([serum, gone, unknown])).toEqual(new Set([serum, gone]))
      expect(await repos.productImages.due(10)).toEqual([])
      clock = new Date(clock.getTime() + 3600_000)
      expect(await repos.productImages.due(10)).toEqual([{ url: gone, attempts: 1 }])
      // Fixed: the same row becomes ready; a ready one that breaks becomes failed.
      await repos.productImages.ready(gone, asset.id)
      expect(await repos.productImages.get(gone)).toMatchObject({
        status: 'ready',
        error: null,
        attempts: 0,
        nextAttemptAt: null,
      })
      expect(await repos.productImages.due(10)).toEqual([])
      expect((await repos.productImages.byUrls([gone])).size).toBe(1)
    })

    it('answers more addresses than one lookup takes, each once, repeats and unknown ones aside', async () => {
      const asset = await insertPhoto('b', 'many.png', {
        size: 99,
        width: 480,
        height: 480,
        placeholder: null,
      })
      const urls = Array.from({ length: 75 }, (_, n) => `https://shop.example/many-${n}.png`)
      for (const url of urls.filter((_, n) => n % 3 === 0)) await repos.productImages.ready(url, asset.id)
      const asked = [...urls, urls[0]!, 'https://shop.example/never.png']
      const found = await repos.productImages.byUrls(asked)
      expect([...found.keys()].sort()).toEqual(urls.filter((_, n) => n % 3 === 0).sort())
      expect(found.get(urls[3]!)).toEqual({
        url: urls[3],
        sha256: 'b'.repeat(64),
        width: 480,
        height: 480,
        placeholder: null,
      })
    })
  },
)
