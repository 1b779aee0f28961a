/**
 * In development, the demo shop's feeds registered for its shop (`/feeds/products.xml` and
 * `/feeds/products.csv`, every 30 minutes) and run once the shop listens, as the scheduler
 * (`feeds-due`) runs them later: through the SSRF-safe fetch (the shop's own host allowed),
 * each a feed run (the second finds nothing changed). A failure is logged and never stops the start.
 */
import type { Platform } from '@glam/core'
import { demo } from '@glam/db/demo'
import { productChanges } from '@glam/feeds/changes'
import { runFeed } from '@glam/feeds/run'

export const demoFeedPaths = ['/feeds/products.xml', '/feeds/products.csv'] as const

export async function importDemoFeeds(platform: Platform, shopUrl: string): Promise<void> {
  const log = platform.logger
  const { catalog } = platform.repos
  const host = new URL(shopUrl).host
  const known = await catalog.feeds(demo.shopId)
  for (const path of demoFeedPaths) {
    const url = `${shopUrl}${path}`
    try {
      // Known by its path: the demo shop may listen on another port than last time.
      const same = known.find((f) => f.url && new URL(f.url).pathname === path)
      if (same && same.url !== url) await catalog.updateFeed(same.id, { url })
      const feed =
        (same && { ...same, url }) ??
        (await catalog.createFeed({
          shopId: demo.shopId,
          name: `Demo Beauty ${path.endsWith('.xml') ? 'Google Merchant XML' : 'CSV'}`,
          url,
          schedule: '*/30 * * * *',
        }))
      const result = await runFeed(platform, feed, {
        allowHosts: [host],
        onChanges: productChanges(platform),
      })
      if ('report' in result)
        log.info('demo_feeds.imported', {
          url,
          runId: result.report.runId,
          outcome: result.report.outcome,
          ...result.report.counts,
        })
    } catch (error) {
      log.warn('demo_feeds.failed', { url, error })
    }
  }
}
