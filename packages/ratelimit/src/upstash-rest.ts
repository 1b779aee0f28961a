/**
 * Rate limits in Upstash Redis over its REST API: `@upstash/ratelimit` on `@upstash/redis`.
 * Plain `fetch`, so it runs on workerd, Deno and Node alike (the edge's shared backend).
 *
 * The client comes from `@upstash/redis/cloudflare`, the entry without Node-only fetch
 * options (`cache: 'no-store'`, agents); it behaves the same on Node and Deno.
 */
import { Redis } from '@upstash/redis/cloudflare'
import type { PolicyRateLimiter } from './policy.ts'
import {
  checkSharedOptions,
  createSharedRateLimiter,
  type ScriptingClient,
  type SharedLimiterOptions,
} from './shared.ts'

export interface UpstashRestRateLimiterOptions extends SharedLimiterOptions {
  /** `UPSTASH_REDIS_REST_URL`, e.g. `https://eu1-example.upstash.io`. */
  url: string
  /** `UPSTASH_REDIS_REST_TOKEN`. Sent as a bearer token, never logged. */
  token: string
  /**
   * Ask for base64 answers (`Upstash-Encoding: base64`, the client's default), which keeps
   * binary values intact; `false` asks for plain JSON.
   */
  base64?: boolean
}

export function createUpstashRestRateLimiter(options: UpstashRestRateLimiterOptions): PolicyRateLimiter {
  const { timeoutMs } = checkSharedOptions(options)
  let url: URL
  try {
    url = new URL(options.url)
  } catch {
    throw new TypeError('Upstash rate limiter: url is not a URL (https://…upstash.io)')
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError('Upstash rate limiter: url must be http(s)')
  }
  if (url.username || url.password) throw new TypeError('Upstash rate limiter: put credentials in token')
  if (typeof options.token !== 'string' || options.token.trim().length < 8 || /\s/.test(options.token)) {
    throw new TypeError('Upstash rate limiter: token is missing or malformed')
  }
  const where = url.host
  const redis = new Redis({
    url: url.origin,
    token: options.token,
    enableTelemetry: false,
    responseEncoding: options.base64 === false ? false : 'base64',
    // One quick retry for a dropped connection; the deadline bounds the whole call anyway.
    retry: { retries: 1, backoff: () => 50 },
    // A fresh signal per request: a hung connection is cut, not left open.
    signal: () => AbortSignal.timeout(timeoutMs),
  })
  return createSharedRateLimiter({
    ...options,
    adapter: 'upstash-rest',
    client: redis as ScriptingClient,
    async health() {
      const pong = await redis.ping()
      return pong === 'PONG'
        ? { status: 'ok', detail: `Upstash REST at ${where} (shared by every location)` }
        : { status: 'degraded', detail: `unexpected PING answer from ${where}` }
    },
  })
}
