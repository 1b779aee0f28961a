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
import { type AppEnv, checkPorts, defineFunction } from '@glam/core'
import { healthProbe } from '@glam/jobs/health-probe'
import { Hono } from 'hono'

const noStore = { 'Cache-Control': 'no-store' }

export function createHealthApp(options: { timeoutMs?: number } = {}) {
  const timeoutMs = options.timeoutMs ?? 2000
  return new Hono<AppEnv>()
    .get('/healthz', (c) => c.json({ status: 'ok' }, 200, noStore))
    .get('/readyz', async (c) => {
      const platform = c.var.platform
      const report = await checkPorts(platform, timeoutMs)
      if (report.down.length > 0) c.var.log.warn('readyz.down', { ports: report.down })
      return c.json(
        { status: report.status, runtime: platform.runtime, ports: report.ports },
        report.down.length > 0 ? 503 : 200,
        noStore,
      )
    })
}

/** Liveness and readiness, and the job that records every port's state each minute. */
export const healthFunction = defineFunction({
  name: 'health',
  description: 'Liveness (`/healthz`) and readiness (`/readyz`) of the process and its ports.',
  mounts: [{ path: '/', app: () => createHealthApp() }],
  claims: ['/healthz', '/readyz'],
  runtimes: ['edge', 'container'],
  jobs: [healthProbe],
})
