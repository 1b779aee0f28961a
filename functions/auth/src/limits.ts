/**
 * Rate limits on the login: per e-mail (keyed hash, so the limiter never sees addresses), per
 * IP and globally, for `start` (codes mailed) and `verify` (codes checked). The per-e-mail
 * limits come from configuration; asking for a new code does not reset the verify budget.
 */
import { type AppEnv, GlamError, type RateLimitPolicy } from '@glam/core'
import type { Context } from 'hono'

export const policies = {
  startGlobal: { name: 'auth-start-global', limit: 600, windowSeconds: 60 },
  startIp: { name: 'auth-start-ip', limit: 30, windowSeconds: 600 },
  verifyGlobal: { name: 'auth-verify-global', limit: 1200, windowSeconds: 60 },
  verifyIp: { name: 'auth-verify-ip', limit: 60, windowSeconds: 600 },
  startEmail: (limit: number): RateLimitPolicy => ({ name: 'auth-start-email', limit, windowSeconds: 3600 }),
  verifyEmail: (limit: number): RateLimitPolicy => ({
    name: 'auth-verify-email',
    limit,
    windowSeconds: 3600,
  }),
} as const

/**
 * The client's address: the edge's or proxy's header, else the socket (Node). Behind no proxy,
 * forwarded headers can be forged; the per-e-mail and global limits still hold then.
 */
export function requestIp(c: Context<AppEnv>): string {
  const forwarded =
    c.req.header('cf-connecting-ip') ??
    c.req.header('x-real-ip') ??
    c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
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
      c.var.log.warn('auth.rate_limited', { policy: policy.name })
      throw new GlamError('RATE_LIMITED', 'Too many attempts; wait a little and try again.', {
        headers: { 'Retry-After': String(retryAfter) },
        details: { policy: policy.name, retryAfter },
      })
    }
  }
}
