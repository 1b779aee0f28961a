// The lease repository, run on every SQL engine: SQLite (libsql), D1 (Miniflare) and a real MariaDB.

import { type TestEngine, testEngines } from '@glam/testing/databases'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const t0 = new Date('2026-06-01T10:00:00.000Z')
const at = (ms: number) => new Date(t0.getTime() + ms)

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'leases on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = t0
    const rows = async () => {
      const [row] = await database.db.select({ n: sql<number>`count(*)` }).from(database.t.leases)
      return Number(row!.n)
    }

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
    })
    afterAll(() => database?.close())

    it('refuses another holder until the lease expires', async () => {
      clock = at(0)
      const name = 'variants/refuse'
      expect(await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
      const holder = await repos.leases.holderOf(name)
      expect(holder).toEqual({ holder: 'a', expiresAt: at(1000), acquiredAt: at(0) })
      expect(holder!.expiresAt.toISOString()).toBe('2026-06-01T10:00:01.000Z')
      clock = at(999)
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 1000 })).toBe(false)
      // Held up to and including its expiry time.
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 1000, now: at(1000) })).toBe(false)
      expect(await repos.leases.holderOf(name)).toMatchObject({ holder: 'a' })
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 1000, now: at(1001) })).toBe(true)
      expect(await repos.leases.holderOf(name, at(1001))).toEqual({
        holder: 'b',
        expiresAt: at(2001),
        acquiredAt: at(1001),
      })
    })

    it('lets the same holder take it again, extending it (also within the same millisecond)', async () => {
      clock = at(0)
      const name = 'variants/extend'
      expect(await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
      // The same values again: the UPDATE changes nothing, and still the holder holds it.
      expect(await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
      clock = at(500)
      expect(await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
      expect(await repos.leases.holderOf(name)).toMatchObject({ holder: 'a', expiresAt: at(1500) })
      clock = at(1200)
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 1000 })).toBe(false)
    })

    it('renews only a lease still held by this holder', async () => {
      clock = at(0)
      const name = 'variants/renew'
      expect(await repos.leases.renew({ name, holder: 'a', ttlMs: 1000 })).toBe(false)
      await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })
      expect(await repos.leases.renew({ name, holder: 'b', ttlMs: 1000 })).toBe(false)
      expect(await repos.leases.renew({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
      clock = at(800)
      expect(await repos.leases.renew({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
      expect(await repos.leases.holderOf(name)).toMatchObject({ holder: 'a', expiresAt: at(1800) })
      clock = at(1801)
      expect(await repos.leases.renew({ name, holder: 'a', ttlMs: 1000 })).toBe(false)
      expect(await repos.leases.holderOf(name)).toBeNull()
    })

    it('lets another holder take it at once after a release', async () => {
      clock = at(0)
      const name = 'variants/release'
      await repos.leases.take({ name, holder: 'a', ttlMs: 60_000 })
      await repos.leases.release({ name, holder: 'a' })
      expect(await repos.leases.holderOf(name)).toBeNull()
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 60_000 })).toBe(true)
      expect(await repos.leases.holderOf(name)).toMatchObject({ holder: 'b' })
    })

    it('ignores a release by a holder that does not hold it', async () => {
      clock = at(0)
      const name = 'variants/not-yours'
      await repos.leases.release({ name, holder: 'a' })
      expect(await rowOf(name)).toBeNull()
      await repos.leases.take({ name, holder: 'a', ttlMs: 60_000 })
      await repos.leases.release({ name, holder: 'b' })
      expect(await repos.leases.holderOf(name)).toMatchObject({ holder: 'a', expiresAt: at(60_000) })
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 60_000 })).toBe(false)
    })

    it('hands an expired lease to the next holder; the old holder can neither renew nor release it', async () => {
      clock = at(0)
      const name = 'feeds/expired'
      await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })
      clock = at(5000)
      expect(await repos.leases.holderOf(name)).toBeNull()
      expect(await repos.leases.take({ name, holder: 'b', ttlMs: 1000 })).toBe(true)
      expect(await repos.leases.renew({ name, holder: 'a', ttlMs: 1000 })).toBe(false)
      await repos.leases.release({ name, holder: 'a' })
      expect(await repos.leases.holderOf(name)).toMatchObject({ holder: 'b', acquiredAt: at(5000) })
    })

    it('gives a lease to exactly one of 20 concurrent holders', async () => {
      for (const [round, name] of ['crawl/fresh', 'crawl/expired'].entries()) {
        clock = at(10_000 * round)
        if (round === 1) await repos.leases.take({ name, holder: 'old', ttlMs: 1, now: at(0) })
        const holders = Array.from({ length: 20 }, (_, i) => `holder-${i}`)
        const taken = await Promise.all(
          holders.map((holder) => repos.leases.take({ name, holder, ttlMs: 60_000 })),
        )
        expect(taken.filter(Boolean)).toHaveLength(1)
        const winner = holders[taken.indexOf(true)]
        expect(await repos.leases.holderOf(name)).toMatchObject({ holder: winner })
      }
    })

    it('sweeps only expired rows, released ones included', async () => {
      clock = at(100_000)
      const live = 'sweep/live'
      await repos.leases.take({ name: 'sweep/expired', holder: 'a', ttlMs: 1000, now: at(90_000) })
      await repos.leases.take({ name: 'sweep/released', holder: 'a', ttlMs: 60_000 })
      await repos.leases.release({ name: 'sweep/released', holder: 'a' })
      await repos.leases.take({ name: live, holder: 'a', ttlMs: 60_000 })
      // Every earlier test's lease has expired by now too: only the live one stays.
      const before = await rows()
      expect(await repos.leases.sweep(clock)).toBe(before - 1)
      expect(await rows()).toBe(1)
      expect(await rowOf('sweep/expired')).toBeNull()
      expect(await rowOf('sweep/released')).toBeNull()
      expect(await repos.leases.holderOf(live)).toMatchObject({ holder: 'a', expiresAt: at(160_000) })
      expect(await repos.leases.sweep(clock)).toBe(0)
      // A swept name is taken like a new one.
      expect(await repos.leases.take({ name: 'sweep/expired', holder: 'b', ttlMs: 1000 })).toBe(true)
    })

    it('keeps names case-sensitive and accepts names up to 191 characters', async () => {
      clock = at(200_000)
      expect(await repos.leases.take({ name: 'Feed', holder: 'a', ttlMs: 1000 })).toBe(true)
      expect(await repos.leases.take({ name: 'feed', holder: 'b', ttlMs: 1000 })).toBe(true)
      expect(await repos.leases.take({ name: 'feed', holder: 'A', ttlMs: 1000 })).toBe(false)
      const variant = `variants/${'ab12'.repeat(16)}/480x0-inside-q80.webp`
      for (const name of [variant, 'n'.repeat(191), 'ü'.repeat(191), '💄'.repeat(191)]) {
        expect(await repos.leases.take({ name, holder: 'a', ttlMs: 1000 })).toBe(true)
        expect((await rowOf(name))?.name).toBe(name)
      }
    })

    it('refuses names over 191 characters, and empty names or holders, with a TypeError', async () => {
      const name = 'n'.repeat(192)
      await expect(repos.leases.take({ name, holder: 'a', ttlMs: 1000 })).rejects.toThrow(TypeError)
      await expect(repos.leases.renew({ name, holder: 'a', ttlMs: 1000 })).rejects.toThrow(TypeError)
      await expect(repos.leases.release({ name, holder: 'a' })).rejects.toThrow(TypeError)
      await expect(repos.leases.holderOf(name)).rejects.toThrow(TypeError)
      await expect(repos.leases.take({ name: '💄'.repeat(192), holder: 'a', ttlMs: 1 })).rejects.toThrow(
        TypeError,
      )
      await expect(repos.leases.take({ name: '', holder: 'a', ttlMs: 1000 })).rejects.toThrow(TypeError)
      await expect(repos.leases.take({ name: 'x', holder: '', ttlMs: 1000 })).rejects.toThrow(TypeError)
      await expect(repos.leases.take({ name: 'x', holder: 'h'.repeat(65), ttlMs: 1 })).rejects.toThrow(
        TypeError,
      )
      await expect(repos.leases.take({ name: 'x', holder: 'a', ttlMs: 0 })).rejects.toThrow(RangeError)
      expect(await rowOf(name)).toBeNull()
    })

    async function rowOf(name: string) {
      const found = await database.db
        .select()
        .from(database.t.leases)
        .where(sql`${database.t.leases.name} = ${name}`)
      return found[0] ?? null
    }
  },
)
