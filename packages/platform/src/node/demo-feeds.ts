/**
 * In development, the demo shop's feeds imported into its catalogue once the shop listens, as a
 * scheduled import would: `/feeds/products.xml` and `/feeds/products.csv` through the SSRF-safe
 * fetch (the shop's own host allowed), each a feed run (the second finds nothing changed).
 * A failure is logged and never stops the start.
 */
import { importFeed } from '@glam/catalog/import'
import type { Platform } from '@glam/core'
import { safeFetch } from '@glam/core/safe-fetch'
import { demo } from '@glam/db/demo'

export async function importDemoFeeds(platform: Platform, shopUrl: string): Promise<void> {
  const log = platform.logger
  const host = new URL(shopUrl).host
  for (const path of ['/feeds/products.xml', '/feeds/products.csv']) {
    const url = `${shopUrl}${path}`
    try {
      const response = await safeFetch(url, {
        allowHosts: [host, ...platform.config.fetchAllowHosts],
        timeoutMs: 10_000,
        maxBytes: platform.config.feedMaxBytes,
      })
      if (!response.ok || !response.body) throw new Error(`answered ${response.status}`)
      const report = await importFeed({
        repos: platform.repos,
        shopId: demo.shopId,
        source: url,
        bytes: response.body as unknown as AsyncIterable<Uint8Array>,
        options: { fileName: path, maxBytes: platform.config.feedMaxBytes },
      })
      log.info('demo_feeds.imported', { url, runId: report.runId, outcome: report.outcome, ...report.counts })
    } catch (error) {
      log.warn('demo_feeds.failed', { url, error })
    }
  }
}
