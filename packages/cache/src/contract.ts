/**
 * The Cache port's contract: one suite, run on every adapter (memory, Redis, Workers KV under
 * Miniflare) by its test file. `make` is called for each test and its `close` after it; the
 * store may be shared between tests (and runs), so every test uses keys of its own.
 *
 * Expiry is tested three ways, by what the adapter allows:
 *  - `advance` given (a clock the test controls: the LRU's `now`, Miniflare's fake KV timers):
 *    an entry is there until its TTL (raised to `minTtlSeconds`) has passed, and gone after.
 *  - no `advance` and `minTtlSeconds` at most 1 (Redis): a real 1 s TTL, polled until gone.
 *  - no `advance` and a larger minimum (KV on a real clock): a 1 s TTL is accepted, raised, and
 *    the entry is still there after 1.5 s; the adapter's own tests check what TTL it sends.
 *
 * Adapters over a shared store add `otherNamespace` (namespaces keep caches apart) and
 * `unreachable` (the store is down: get misses, set and delete fail fast, health says down);
 * where they are absent those tests are reported as skipped.
 */
import type { Cache } from '@glam/core'
import { describe, expect, it } from 'vitest'

export interface CacheSubject {
  cache: Cache
  /** Moves the adapter's clock forward (where a test can control it). */
  advance?: (ms: number) => Promise<void>
  /** Another cache over the same store under a namespace of its own (shared stores). */
  otherNamespace?: () => Promise<Cache>
  /** A second cache over the same store and namespace, as another process would hold. */
  sibling?: () => Promise<Cache>
  /** A cache of this adapter whose store cannot be reached. */
  unreachable?: () => Promise<Cache>
  /** Ends the test's subject, including the caches its hooks made. */
  close(): Promise<void>
}

export interface CacheContractOptions {
  /** The shortest TTL the store keeps, in seconds (KV: 60); shorter ones are raised to it. */
  minTtlSeconds?: number
  /** How fast a failing call must fail on an unreachable store, in ms (default 2000). */
  failFastMs?: number
  /**
   * The cases that apply to this adapter beyond the common ones; the subject must then provide
   * `sibling`, `otherNamespace` or `unreachable`. A case that does not apply is not registered
   * (under CI=true a skipped test fails the run).
   */
  shared?: boolean
  namespaces?: boolean
  outage?: boolean
}

const run = `${process.pid}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`
let serial = 0
/** A key no other test (or run over a shared store) uses, with `name` at its end. */
const fresh = (name = 'k') => `contract:${run}:${serial++}:${name}`

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Every code point but the surrogates, in order: 1.1 million of them, 4.4 MB of UTF-8. */
const everyCodePoint = () => {
  const parts: string[] = []
  for (let start = 0; start <= 0x10ffff; start += 0x1000) {
    const chunk: number[] = []
    for (let cp = start; cp < start + 0x1000 && cp <= 0x10ffff; cp++) {
      if (cp < 0xd800 || cp > 0xdfff) chunk.push(cp)
    }
    parts.push(String.fromCodePoint(...chunk))
  }
  return parts.join('')
}

export function cacheContract(
  name: string,
  make: () => Promise<CacheSubject>,
  options: CacheContractOptions = {},
) {
  const minTtl = options.minTtlSeconds ?? 0
  const failFastMs = options.failFastMs ?? 2000
  const using = async (test: (subject: CacheSubject) => Promise<void>) => {
    const subject = await make()
    try {
      await test(subject)
    } finally {
      await subject.close()
    }
  }

  describe(`cache contract: ${name}`, () => {
    it('gets what was set; a key never set is null', () =>
      using(async ({ cache }) => {
        const key = fresh()
        expect(await cache.get(key)).toBeNull()
        await cache.set(key, 'value')
        expect(await cache.get(key)).toBe('value')
        expect(await cache.get(fresh('never-set'))).toBeNull()
      }))

    it('an empty string is a value, not a miss', () =>
      using(async ({ cache }) => {
        const key = fresh()
        await cache.set(key, '')
        expect(await cache.get(key)).toBe('')
      }))

    it('a set replaces the value', () =>
      using(async ({ cache }) => {
        const key = fresh()
        await cache.set(key, 'first')
        await cache.set(key, 'second')
        expect(await cache.get(key)).toBe('second')
      }))

    it('delete forgets a key; deleting a missing key is not an error', () =>
      using(async ({ cache }) => {
        const [key, other] = [fresh(), fresh()]
        await cache.set(key, 'value')
        await cache.set(other, 'kept')
        await cache.delete(key)
        expect(await cache.get(key)).toBeNull()
        expect(await cache.get(other)).toBe('kept')
        await expect(cache.delete(key)).resolves.toBeUndefined()
        await expect(cache.delete(fresh('never-set'))).resolves.toBeUndefined()
        await cache.set(key, 'again')
        expect(await cache.get(key)).toBe('again')
      }))

    it('expires an entry after its TTL; a set without a TTL drops the old one', () =>
      using(async ({ cache, advance }) => {
        const [short, renewed, forever, longer] = [
          fresh('short'),
          fresh('renewed'),
          fresh('forever'),
          fresh(),
        ]
        const started = performance.now()
        await cache.set(short, 'brief', { ttlSeconds: 1 })
        await cache.set(renewed, 'brief', { ttlSeconds: 1 })
        await cache.set(renewed, 'kept')
        await cache.set(forever, 'kept')
        await cache.set(longer, 'kept', { ttlSeconds: Math.max(minTtl, 1) * 100 })
        expect(await cache.get(short)).toBe('brief')
        const effective = Math.max(minTtl, 1) * 1000
        if (advance) {
          await advance(effective / 2)
          expect(await cache.get(short)).toBe('brief')
          await advance(effective / 2 + 1500)
          expect(await cache.get(short)).toBeNull()
        } else if (minTtl <= 1) {
          // A real clock: poll until the entry is gone; it must not go before its second is up.
          while ((await cache.get(short)) !== null) {
            expect(performance.now() - started).toBeLessThan(5000)
            await sleep(50)
          }
          expect(performance.now() - started).toBeGreaterThanOrEqual(950)
        } else {
          // The minimum is too long to wait for: the short TTL was raised, not refused or kept.
          await sleep(1500)
          expect(await cache.get(short)).toBe('brief')
          return
        }
        expect(await cache.get(renewed)).toBe('kept')
        expect(await cache.get(forever)).toBe('kept')
        expect(await cache.get(longer)).toBe('kept')
      }))

    it('fractional and long TTLs are accepted', () =>
      using(async ({ cache }) => {
        const key = fresh()
        await cache.set(key, 'a', { ttlSeconds: Math.max(minTtl, 1) * 2.5 })
        expect(await cache.get(key)).toBe('a')
        await cache.set(key, 'b', { ttlSeconds: 365 * 24 * 3600 })
        expect(await cache.get(key)).toBe('b')
      }))

    it('refuses empty and over-long keys and bad TTLs as programming errors (TypeError)', () =>
      using(async ({ cache }) => {
        for (const bad of ['', '.', '..', 'k'.repeat(513), 'é'.repeat(257)]) {
          await expect(cache.get(bad)).rejects.toThrow(TypeError)
          await expect(cache.set(bad, 'v')).rejects.toThrow(TypeError)
          await expect(cache.delete(bad)).rejects.toThrow(TypeError)
        }
        const key = fresh()
        for (const ttlSeconds of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
          await expect(cache.set(key, 'v', { ttlSeconds })).rejects.toThrow(TypeError)
        }
        expect(await cache.get(key)).toBeNull()
        // 512 bytes is still a key.
        const longest = `${fresh()}:`.padEnd(512, 'x')
        await cache.set(longest, 'v')
        expect(await cache.get(longest)).toBe('v')
      }))

    it('round-trips unicode, control characters and every code point', () =>
      using(async ({ cache }) => {
        const samples = [
          'grüß dich 👋 — 日本語 — עברית — 🇺🇸👩‍👩‍👧‍👦',
          'e\u0301 (combining) \u200b\ufeff',
          '\ufeffstarts with a byte order mark',
          'nul \u0000 bell \u0007 crlf \r\n tab \t "quotes" \'single\' \\backslash',
          JSON.stringify({ link: 'https://shop.example/p?a=1&b=ü', emoji: '🎉' }),
          everyCodePoint(),
        ]
        for (const value of samples) {
          const key = fresh()
          await cache.set(key, value)
          const back = await cache.get(key)
          expect(back?.length).toBe(value.length)
          expect(back === value).toBe(true)
        }
      }))

    it('round-trips a 1 MiB value', () =>
      using(async ({ cache }) => {
        const key = fresh()
        // Varied bytes (not one repeated letter), so a truncation or a shifted chunk shows.
        const value = Array.from({ length: 1 << 16 }, (_, i) => i.toString(16).padStart(16, '.')).join('')
        expect(value.length).toBe(1 << 20)
        await cache.set(key, value)
        const back = await cache.get(key)
        expect(back?.length).toBe(value.length)
        expect(back === value).toBe(true)
      }))

    it('keys with `:`, `/`, spaces and non-ASCII are distinct keys', () =>
      using(async ({ cache }) => {
        const base = fresh()
        const keys = [
          'a',
          'a:b',
          'a/b',
          'a:b/c',
          'a/b:c',
          'a:',
          'a/',
          ':a',
          '/a',
          'a b',
          'ä',
          'a%3Ab',
          'a?b#c',
        ]
        for (const [i, k] of keys.entries()) await cache.set(`${base}${k}`, `v${i}`)
        for (const [i, k] of keys.entries()) expect(await cache.get(`${base}${k}`)).toBe(`v${i}`)
        await cache.delete(`${base}a:b`)
        expect(await cache.get(`${base}a:b`)).toBeNull()
        expect(await cache.get(`${base}a/b`)).toBe('v2')
        expect(await cache.get(`${base}a%3Ab`)).toBe('v11')
      }))

    it('names its adapter and reports itself healthy', () =>
      using(async ({ cache }) => {
        expect(cache.adapter).toEqual(expect.any(String))
        expect(cache.health).toEqual(expect.any(Function))
        expect(await cache.health!()).toMatchObject({ status: 'ok', detail: expect.any(String) })
      }))

    const when = (applies: boolean | undefined) => (applies ? it : () => undefined)
    const needs = <T>(value: T | undefined, what: string): T => {
      if (!value) throw new Error(`the contract's options promise ${what}, but the subject has none`)
      return value
    }

    when(options.shared)('a second instance over the same store and namespace sees the same entries', () =>
      using(async ({ cache, sibling: given }) => {
        const sibling = needs(given, 'a sibling')
        const other = await sibling()
        const key = fresh()
        await cache.set(key, 'shared')
        expect(await other.get(key)).toBe('shared')
        await other.delete(key)
        expect(await cache.get(key)).toBeNull()
      }),
    )

    when(options.namespaces)('caches under different namespaces do not see each other’s keys', () =>
      using(async ({ cache, otherNamespace: given }) => {
        const otherNamespace = needs(given, 'another namespace')
        const other = await otherNamespace()
        const [key, only] = [fresh(), fresh()]
        await cache.set(key, 'mine')
        await cache.set(only, 'mine only')
        expect(await other.get(key)).toBeNull()
        expect(await other.get(only)).toBeNull()
        await other.set(key, 'theirs')
        expect(await cache.get(key)).toBe('mine')
        expect(await other.get(key)).toBe('theirs')
        await other.delete(key)
        expect(await cache.get(key)).toBe('mine')
        await cache.delete(key)
        expect(await other.get(key)).toBeNull()
      }),
    )

    when(options.outage)('an unreachable store: get misses, set and delete fail fast, health says down', () =>
      using(async ({ unreachable: given }) => {
        const unreachable = needs(given, 'an unreachable store')
        const down = await unreachable()
        const timed = async <T>(work: () => Promise<T>) => {
          const started = performance.now()
          const result = await work()
          expect(performance.now() - started).toBeLessThan(failFastMs)
          return result
        }
        // Twice each: the first call meets a connection being made, the next a known outage.
        for (let i = 0; i < 2; i++) {
          expect(await timed(() => down.get(fresh()))).toBeNull()
          await timed(() => expect(down.set(fresh(), 'v', { ttlSeconds: 5 })).rejects.toThrow())
          await timed(() => expect(down.delete(fresh())).rejects.toThrow())
        }
        const health = await timed(() => down.health!())
        expect(health).toMatchObject({ status: 'down', detail: expect.any(String) })
        // Programming errors stay programming errors during an outage.
        await expect(down.get('')).rejects.toThrow(TypeError)
      }),
    )
  })
}
