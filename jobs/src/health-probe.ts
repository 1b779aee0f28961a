import { checkPorts } from '@glam/core'
import { defineJob } from './define.ts'

/** Records each dependency's state with the run, for monitoring (`npm run check` reads it). */
export const healthProbe = defineJob({
  name: 'health-probe',
  description: "Record every port's state (database, events, cache, blobs, mailer, rate limiter).",
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 15_000,
  edge: true,
  async run({ platform }) {
    const report = await checkPorts(platform, 5_000)
    if (report.down.length > 0) throw new Error(`down: ${report.down.join(', ')}`)
    return { status: report.status, ports: report.ports }
  },
})
