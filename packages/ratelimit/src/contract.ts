/**
 * The rate-limit port's contract: one suite, run on every backend (memory, Redis, Upstash
 * REST) by `rate-limiter.test.ts`. The clock is vitest's fake `Date`, which both our memory
 * backend and `@upstash/ratelimit` read; servers and sockets keep real timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { LimitPolicy, PolicyRateLimiter } from './policy.ts'

export interface ContractSubject {
  limiter: PolicyRateLimiter
  /** Shared backends: a second instance on the same store, as another container would hold. */
  sibling?: PolicyRateLimiter
}

// Window-aligned for a 10 s window, far from the real clock so no test shares keys with another run.
const T0 = Date.UTC(2031, 0, 1, 0, 0, 0)
let keys = 0
const freshKey = () => `contract-${process.pid}-${Date.now()}-${keys++}`

export function describeRateLimiterContract(name: string, subject: () => ContractSubject) {
  describe(`rate-limiter contract: ${name}`, () => {
    const at = (ms: number) => vi.setSystemTime(T0 + ms)
    beforeEach(() => {
      vi.useFakeTimers({ toFake: ['Date'] })
      at(0)
    })
    afterEach(() => {
      vi.useRealTimers()
    })

    it('allows up to the limit, counting remaining down, then refuses until the window resets', async () => {
      const limiter = subject().limiter
      const policy: LimitPolicy = { name: 'contract-basic', limit: 3, windowSeconds: 10 }
      const key = freshKey()
      at(2000)
      const results = []
      for (let i = 0; i < 5; i++) results.push(await limiter.limit(key, policy))
      expect(results.map((r) => r.allowed)).toEqual([true, true, true, false, false])
      expect(results.map((r) => r.remaining)).toEqual([2, 1, 0, 0, 0])
      for (const r of results) {
        expect(r.limit).toBe(3)
        expect(r.reset).toBe(T0 + 10_000)
      }
    })

    it('slides: the previous window counts by the share of it still inside the window', async () => {
      const limiter = subject().limiter
      const policy: LimitPolicy = { name: 'contract-slide', limit: 4, windowSeconds: 10 }
      const key = freshKey()
      at(1000)
      for (let i = 0; i < 4; i++) expect((await limiter.limit(key, policy)).allowed).toBe(true)
      expect((await limiter.limit(key, policy)).allowed).toBe(false)
      // Half-way into the next window, half of the previous 4 still count: 2 more pass.
      at(15_000)
      const half = [await limiter.limit(key, policy), await limiter.limit(key, policy)]
      expect(half.map((r) => [r.allowed, r.remaining])).toEqual([
        [true, 1],
        [true, 0],
      ])
      const refused = await limiter.limit(key, policy)
      expect(refused).toMatchObject({ allowed: false, remaining: 0, reset: T0 + 20_000 })
      // Two windows later nothing from before counts.
      at(30_000)
      expect(await limiter.limit(key, policy)).toMatchObject({ allowed: true, remaining: 3 })
    })

    it('keeps keys and policies apart', async () => {
      const limiter = subject().limiter
      const a: LimitPolicy = { name: 'contract-a', limit: 1, windowSeconds: 10 }
      const b: LimitPolicy = { name: 'contract-b', limit: 1, windowSeconds: 10 }
      const [k1, k2] = [freshKey(), freshKey()]
      expect((await limiter.limit(k1, a)).allowed).toBe(true)
      expect((await limiter.limit(k1, a)).allowed).toBe(false)
      expect((await limiter.limit(k2, a)).allowed).toBe(true)
      expect((await limiter.limit(k1, b)).allowed).toBe(true)
      expect((await limiter.limit(k1, b)).allowed).toBe(false)
    })

    it('token bucket: starts full, refills `refill` tokens per window, never above the limit', async () => {
      const limiter = subject().limiter
      const policy: LimitPolicy = {
        name: 'contract-bucket',
        algorithm: 'token-bucket',
        limit: 3,
        refill: 1,
        windowSeconds: 10,
      }
      const key = freshKey()
      at(4000)
      const burst = []
      for (let i = 0; i < 4; i++) burst.push(await limiter.limit(key, policy))
      expect(burst.map((r) => [r.allowed, r.remaining])).toEqual([
        [true, 2],
        [true, 1],
        [true, 0],
        [false, 0],
      ])
      expect(burst[3]!.reset).toBe(T0 + 14_000)
      at(14_000)
      expect(await limiter.limit(key, policy)).toMatchObject({ allowed: true, remaining: 0 })
      expect((await limiter.limit(key, policy)).allowed).toBe(false)
      at(1_000_000)
      const refilled = []
      for (let i = 0; i < 4; i++) refilled.push((await limiter.limit(key, policy)).allowed)
      expect(refilled).toEqual([true, true, true, false])
    })

    it('refuses malformed policies and keys as programming errors', async () => {
      const limiter = subject().limiter
      const key = freshKey()
      const bad: LimitPolicy[] = [
        { name: 'has space', limit: 1, windowSeconds: 1 },
        { name: 'zero', limit: 0, windowSeconds: 1 },
        { name: 'fraction', limit: 1.5, windowSeconds: 1 },
        { name: 'no-window', limit: 1, windowSeconds: 0 },
        { name: 'refill-on-window', limit: 2, windowSeconds: 1, refill: 1 },
        { name: 'big-refill', algorithm: 'token-bucket', limit: 2, windowSeconds: 1, refill: 3 },
      ]
      for (const policy of bad) await expect(limiter.limit(key, policy)).rejects.toThrow(TypeError)
      await expect(limiter.limit('', { name: 'ok', limit: 1, windowSeconds: 1 })).rejects.toThrow(TypeError)
    })

    it('names its adapter and reports itself healthy', async () => {
      const limiter = subject().limiter
      expect(limiter.adapter).toEqual(expect.any(String))
      expect(await limiter.health()).toMatchObject({ status: 'ok', detail: expect.any(String) })
    })

    it('200 parallel calls against 5 per 10 s allow exactly 5', async () => {
      const limiter = subject().limiter
      const policy: LimitPolicy = { name: 'contract-burst', limit: 5, windowSeconds: 10 }
      const key = freshKey()
      at(3000)
      const results = await Promise.all(Array.from({ length: 200 }, () => limiter.limit(key, policy)))
      expect(results.filter((r) => r.allowed)).toHaveLength(5)
      expect(results.filter((r) => !r.allowed).every((r) => r.remaining === 0)).toBe(true)
      // Another instance on the same backend (another container) sees the same count.
      const sibling = subject().sibling
      if (sibling) expect((await sibling.limit(key, policy)).allowed).toBe(false)
    })
  })
}
