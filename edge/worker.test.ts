// The module worker under Miniflare (workerd): scheduled() runs, and a broken configuration
// answers 503 with a code instead of crashing the isolate.
import { startWorkerdRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

describe('the edge worker', () => {
  it('runs the edge-safe jobs of a cron trigger through scheduled(), recorded in D1', async () => {
    const worker = await startWorkerdRuntime()
    try {
      const result = await worker.scheduled('* * * * *')
      expect(result.outcome).toBe('ok')
      const d1 = (await worker.d1()) as unknown as {
        prepare(q: string): { all(): Promise<{ results: Record<string, unknown>[] }> }
      }
      const { results } = await d1.prepare('select job, status, "trigger" from job_runs').all()
      expect(results).toEqual([
        { job: 'health-probe', status: 'succeeded', trigger: 'edge-cron' },
        { job: 'search-sync', status: 'succeeded', trigger: 'edge-cron' },
        { job: 'portal-sitemaps', status: 'succeeded', trigger: 'edge-cron' },
      ])
      await expect.poll(() => worker.output.join('\n')).toContain('"scheduled.done"')
    } finally {
      await worker.stop()
    }
  })

  it('refuses to serve with an invalid production configuration, naming no secret', async () => {
    const worker = await startWorkerdRuntime({ GLAM_ENV: 'production' })
    try {
      const res = await fetch(`${worker.url}/healthz`)
      expect(res.status).toBe(503)
      expect(await res.json()).toEqual({
        error: { code: 'SERVICE_UNAVAILABLE', message: 'Invalid configuration.' },
      })
      await expect.poll(() => worker.output.join('\n')).toContain('GLAM_SECRET is required in production')
    } finally {
      await worker.stop()
    }
  })
})
