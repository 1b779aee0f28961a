/**
 * @module @glam/health
 * Liveness and readiness. `GET /healthz` answers as long as the process serves HTTP;
 * `GET /readyz` asks every port of the platform for its state (each with a deadline)
 * and answers 503 when one is down.
 *
 * ```ts
 * app.route('/', createHealthApp())
 * ```
 */
import { type AppEnv, type PortHealth, portNames } from '@glam/core'
import { Hono } from 'hono'

const noStore = { 'Cache-Control': 'no-store' }

async function probe(check: (() => Promise<PortHealth>) | undefined, timeoutMs: number): Promise<PortHealth> {
  if (!check) return { status: 'ok', detail: 'no health check' }
  let timer: ReturnType<typeof setTimeout> | undefined
  const deadline = new Promise<PortHealth>((resolve) => {
    timer = setTimeout(
      () => resolve({ status: 'down', detail: `no answer within ${timeoutMs} ms` }),
      timeoutMs,
    )
  })
  try {
    return await Promise.race([check(), deadline])
  } catch (err) {
    return { status: 'down', detail: err instanceof Error ? err.message : 'health check failed' }
  } finally {
    clearTimeout(timer)
  }
}

export function createHealthApp(options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 2000
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }, 200, noStore))
    .get('/readyz', async (c) => {
      const platform = c.var.platform
      const states = await Promise.all(
        portNames.map(async (name) => {
          const port = platform[name]
          const health = await probe(port.health?.bind(port), timeoutMs)
          return [name, { adapter: port.adapter, ...health }] as const
        }),
      )
      const ports = Object.fromEntries(states)
      const down = states.filter(([, s]) => s.status === 'down').map(([name]) => name)
      const status =
        down.length > 0
          ? 'unavailable'
          : states.some(([, s]) => s.status === 'degraded')
            ? 'degraded'
            : 'ready'
      if (down.length > 0) c.var.log.warn('readyz.down', { ports: down })
      return c.json({ status, runtime: platform.runtime, ports }, down.length > 0 ? 503 : 200, noStore)
    })
}
