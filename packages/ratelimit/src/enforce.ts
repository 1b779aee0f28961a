/**
 * Rate limits on a request: the client's address, and checking several policies in order with
 * one clear 429 (`RATE_LIMITED`, `Retry-After`, the policy's name in `details`).
 */
import { type AppEnv, clientAddress, GlamError, type RateLimitPolicy, socketAddress } from '@glam/core'
import type { Context } from 'hono'

/**
 * The client's address (see @glam/core client-address.ts): the socket peer, unless it is a
 * proxy in GLAM_TRUSTED_PROXIES, whose forwarding headers then name the client; on workerd
 * Cloudflare's CF-Connecting-IP. `unknown` when nothing names it (no socket, as in tests).
 */
export function requestIp(c: Context<AppEnv>): string {
  const { runtime, config } = c.var.platform
  return (
    clientAddress({
      runtime,
      peer: socketAddress(c.env),
      header: (name) => c.req.header(name),
      trustedProxies: config.trustedProxies,
    }) ?? 'unknown'
  )
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
