/**
 * @module @glam/ratelimit
 * The rate-limit port's backends. Shared ones run `@upstash/ratelimit` so every container
 * and edge location counts together: Upstash Redis over REST (`./upstash-rest`, any runtime)
 * and a self-hosted Redis over ioredis (`./redis`, Node and Deno). The in-memory backend
 * serves the single-process embedded default.
 *
 * ```ts
 * import { createMemoryRateLimiter, type LimitPolicy } from '@glam/ratelimit'
 * import { createUpstashRestRateLimiter } from '@glam/ratelimit/upstash-rest'
 *
 * const limiter = createUpstashRestRateLimiter({ url, token, keySecret: config.secret })
 * const loginPerEmail: LimitPolicy = { name: 'login-email', limit: 5, windowSeconds: 3600 }
 * const { allowed, reset } = await limiter.limit(emailHash, loginPerEmail)
 * ```
 *
 * The Redis backend lives in its own entry (`@glam/ratelimit/redis`) so the edge bundle never
 * pulls in ioredis and `node:` modules.
 */
export { createMemoryRateLimiter, type MemoryRateLimiterOptions } from './memory.ts'
export {
  type CheckedPolicy,
  checkKey,
  checkPolicy,
  type LimitPolicy,
  type PolicyRateLimiter,
  type RateLimitAlgorithm,
} from './policy.ts'
export { createSharedRateLimiter, type ScriptingClient, type SharedLimiterOptions } from './shared.ts'
export { createUpstashRestRateLimiter, type UpstashRestRateLimiterOptions } from './upstash-rest.ts'
