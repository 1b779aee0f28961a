/**
 * On a development start with demo data: when the demo campaign has no orders in the last days
 * yet, those days are filled with demo clicks and orders (demo-traffic.ts), in the background,
 * so the reports and the dashboard show something on the first `npm start`. Later starts find
 * the orders and leave them. A failure is logged and never stops the server.
 */
import type { Platform } from '@glam/core'
import { demo } from '@glam/db/demo'
import { repositoriesOf } from '@glam/db/repositories/index'
import { describeDemoTraffic, generateDemoTraffic } from './demo-traffic.ts'

export async function seedDemoTraffic(platform: Platform, days: number): Promise<void> {
  const log = platform.logger
  try {
    const now = platform.clock.now()
    const [existing] = await repositoriesOf(platform).orders.reportPage({
      campaignId: demo.campaignId,
      from: new Date(now.getTime() - days * 86_400_000),
      to: now,
      limit: 1,
    })
    if (existing) {
      log.info('demo.traffic_present', { days })
      return
    }
    const started = performance.now()
    const summaries = await generateDemoTraffic(platform, { days, now })
    log.info('demo.traffic_generated', {
      days,
      ms: Math.round(performance.now() - started),
      summary: describeDemoTraffic(days, summaries),
    })
  } catch (error) {
    log.warn('demo.traffic_failed', { error })
  }
}
