/**
 * `events-rollups-repair`: hourly, the rollups of the last two days compared with the raw tables
 * and corrected where they differ (rollups.ts: what slips past the insert gate). Skipped where
 * events are not in ClickHouse.
 */
import { defineJob } from '@glam/core'
import type { EventBackend } from '@glam/events'
import { repairRollups } from '@glam/events/rollups'

export const rollupsRepairJob = defineJob({
  name: 'events-rollups-repair',
  description:
    'Compares the ClickHouse rollups of the last 48 hours with the raw tables and corrects the groups that differ.',
  schedule: '17 * * * *',
  timezone: 'UTC',
  timeoutMs: 15 * 60_000,
  edge: true,
  async run({ platform, logger }) {
    const analytics = platform.analytics
    if (typeof analytics.command !== 'function') return { skipped: 'events are not in ClickHouse' }
    const to = new Date(Math.ceil(platform.clock.now().getTime() / 3_600_000) * 3_600_000)
    const from = new Date(to.getTime() - 48 * 3_600_000)
    const corrected = await repairRollups(analytics as unknown as EventBackend, { from, to })
    const total = Object.values(corrected).reduce((n, v) => n + v, 0)
    if (total > 0)
      logger.warn('events.rollups_repaired', { ...corrected, from: from.toISOString(), to: to.toISOString() })
    return { from: from.toISOString(), to: to.toISOString(), ...corrected }
  },
})
