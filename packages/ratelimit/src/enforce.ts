/**
 * Rate limits on a request: the client's address, and checking several policies in order with
 * one clear 429 (`RATE_LIMITED`, `Retry-After`, the policy's name in `details`).
 */
import { type AppEnv, forwardedClientIp, GlamError, type RateLimitPolicy } from '@glam/core'
import type { Context } from 'hono'

/**
 * The client's address: the edge's or proxy's header, else the socket (Node). Behind no proxy,
 * forwarded headers can be forged; the per-e-mail and global limits still hold then.
 */
export function requestIp(c: Context<AppEnv>): string {
  const forwarded = forwardedClientIp((name) => c.req.header(name))
  if (forwarded) return forwarded.slice(0, 64)
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming
  return incoming?.socket?.remoteAddress ?? 'unknown'
}

/** Checks the policies in order; the first one exhausted answers 429 with Retry-After. */
export async function enforce(c: Context<AppEnv>, checks: [string, RateLimitPolicy][]): Promise<void> {
  const { rateLimiter, clock } = c.var.platform
  for (const [key, policy] of checks) {
    const result = await rateLimiter.limit(key, policy)
    if (!result.allowed) {
      const retryAfter = Math.max(1, Math.ceil((result.reset - clock.now().getTime()) / 1000))
      c.var.log.warn('rate_limited', { policy: policy.name, path: c.req.path })
      throw new GlamError('RATE_LIMITED', 'Too many requests; wait a little and try again.', {
        headers: { 'Retry-After': String(retryAfter) },
        details: { policy: policy.name, retryAfter },
      })
    }
  }
}
