// The module worker under Miniflare (workerd): scheduled() runs, and a broken configuration
// answers 503 with a code instead of crashing the isolate.
import { startWorkerdRuntime } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

describe('the edge worker', () => {
  it('handles a cron trigger through scheduled()', async () => {
    const worker = await startWorkerdRuntime()
    try {
      const result = await worker.scheduled('*/5 * * * *')
      expect(result.outcome).toBe('ok')
      await expect.poll(() => worker.output.join('\n')).toContain('"scheduled.tick"')
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
