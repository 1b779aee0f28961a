// The product-images repository on every SQL engine (SQLite, D1 under Miniflare, MariaDB when
// present): an address is ready with its asset or failed with its code, written again in place;
// ready ones come back with what a srcset needs, failed ones only once they are due.
import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const hash = (n: number) => n.toString(16).padStart(64, '0')

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

    it('keeps an address ready with its asset, or failed until it is due, and writes it again in place', async () => {
      const asset = await repos.assets.insert({
        sha256: 'a'.repeat(64),
        type: 'product-photo',
        appId: 'portal',
        name: 'serum.png',
        format: 'png',
        contentType: 'image/png',
        size: 1234,
        width: 800,
        height: 600,
        pages: null,
        placeholder: 'abc',
        visibility: 'public',
        createdByType: 'shop',
        createdBy: 'shop-1',
        customerId: null,
        influencerId: null,
      })
      await repos.productImages.ready(hash(1), 'https://shop.example/serum.png', asset.id)
      await repos.productImages.failed(
        hash(2),
        'https://shop.example/gone.jpg',
        'VALIDATION_FAILED',
        1,
        new Date(clock.getTime() + 3600_000),
      )
      const ready = await repos.productImages.byHashes([hash(1), hash(2), hash(3)])
      expect([...ready]).toEqual([
        [
          hash(1),
          {
            url: 'https://shop.example/serum.png',
            sha256: 'a'.repeat(64),
            width: 800,
            height: 600,
            placeholder: 'abc',
          },
        ],
      ])
      expect(await repos.productImages.known([hash(1), hash(2), hash(3)])).toEqual(
        new Set([hash(1), hash(2)]),
      )
      expect(await repos.productImages.due(10)).toEqual([])
      clock = new Date(clock.getTime() + 3600_000)
      expect(await repos.productImages.due(10)).toEqual([
        { urlHash: hash(2), url: 'https://shop.example/gone.jpg', attempts: 1 },
      ])
      // Fixed: the same row becomes ready; a ready one that breaks becomes failed.
      await repos.productImages.ready(hash(2), 'https://shop.example/gone.jpg', asset.id)
      expect(await repos.productImages.get(hash(2))).toMatchObject({
        status: 'ready',
        error: null,
        attempts: 0,
        nextAttemptAt: null,
      })
      expect(await repos.productImages.due(10)).toEqual([])
      expect((await repos.productImages.byHashes([hash(2)])).size).toBe(1)
    })
  },
)
