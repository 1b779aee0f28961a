/**
 * A worker for `workerd.test.ts`: the Upstash REST backend as the edge runs it (bundled like
 * wrangler does, under Miniflare). `GET /?key=…&calls=…` spends that many calls in parallel.
 */
import { createUpstashRestRateLimiter } from './upstash-rest.ts'

export default {
  async fetch(request: Request, env: { REST_URL: string; REST_TOKEN: string }) {
    const params = new URL(request.url).searchParams
    const limiter = createUpstashRestRateLimiter({
      url: env.REST_URL,
      token: env.REST_TOKEN,
      prefix: 'workerd',
    })
    // An hour-long window: real clocks here, and no burst should straddle a window boundary.
    const policy = { name: 'edge', limit: 5, windowSeconds: 3600 }
    const calls = Number(params.get('calls') ?? 1)
    const results = await Promise.all(
      Array.from({ length: calls }, () => limiter.limit(params.get('key') ?? 'k', policy)),
    )
    return Response.json({
      adapter: limiter.adapter,
      allowed: results.filter((r) => r.allowed).length,
      health: await limiter.health(),
    })
  },
}
