// The streamed CSV export of a campaign with 1,000,000 order lines (500,000 orders × 2 lines):
// rows per second and how far the process's memory grows while it streams (it should not grow
// with the export's size: keyset pages of 500 orders).
import { createLogger, parseConfig } from '@glam/core'
import type { SqlDatabase } from '@glam/db'
import { demo } from '@glam/db/demo'
import { newId } from '@glam/db/ids'
import { createGlamApp } from '@glam/platform/app'
import { prepareLocalPlatform } from '@glam/platform/prepare'
import { tempDatabaseUrl } from '@glam/testing/runtimes'

export async function exportBench({ orders = Number(process.env.BENCH_EXPORT_ORDERS ?? 500_000) } = {}) {
  const config = parseConfig({
    GLAM_ENV: 'development',
    LOG_LEVEL: 'warn',
    DATABASE_URL: tempDatabaseUrl(),
    GLAM_EVENTS: 'memory',
    GLAM_SCHEDULER: 'false',
    GLAM_DEMO_SHOP_PORT: '0',
  })
  const platform = await prepareLocalPlatform('node', config, { logger: createLogger({ level: 'warn' }) })
  const { db, t, ops } = platform.database as SqlDatabase
  const started = performance.now()
  const chunk = 1000
  for (let n = 0; n < orders; n += chunk) {
    const rows = Array.from({ length: Math.min(chunk, orders - n) }, (_, i) => {
      const id = newId()
      const at = new Date(Date.UTC(2026, 5, 1) + (n + i) * 1000)
      return {
        order: {
          id,
          shopId: demo.shopId,
          orderRef: `EXP-${n + i}`,
          status: 'placed' as const,
          currency: 'EUR',
          totalMinor: 6980,
          refundedMinor: 0,
          coupon: (n + i) % 7 === 0 ? '=HYPERLINK("x")' : null,
          clickId: null,
          linkId: demo.lenaLinkId,
          influencerId: demo.lenaId,
          campaignId: demo.campaignId,
          customerId: demo.customerId,
          attributionModel: 'last_click' as const,
          source: 'browser' as const,
          placedAt: at,
          createdAt: at,
          updatedAt: at,
        },
        lines: [1, 2].map((lineNo) => ({
          id: newId(),
          orderId: id,
          lineNo,
          sku: `SKU-${lineNo}`,
          name: 'Glow Serum, 30 ml',
          priceMinor: 3490,
          quantity: 1,
        })),
      }
    })
    await ops.atomic((tx) => [
      tx.insert(t.orders).values(rows.map((r) => r.order)),
      tx.insert(t.orderLines).values(rows.flatMap((r) => r.lines)),
    ])
  }
  console.log(
    `\nCSV export: ${orders} orders × 2 lines inserted in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  const app = createGlamApp({ config, platform: () => platform })
  global.gc?.()
  const baseRss = process.memoryUsage().rss
  let peakRss = baseRss
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss)
  }, 50)
  const exportStarted = performance.now()
  const res = await app.request(`/api/exports/campaigns/${demo.campaignId}/orders.csv`, {
    headers: { authorization: 'Bearer glam_dev_admin' },
  })
  const reader = res.body!.getReader()
  let bytes = 0
  let newlines = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    bytes += value.byteLength
    for (let i = 0; i < value.length; i++) if (value[i] === 10) newlines++
  }
  const seconds = (performance.now() - exportStarted) / 1000
  clearInterval(sampler)
  const rows = newlines - 1
  const result = {
    rows,
    seconds: Math.round(seconds * 10) / 10,
    rowsPerSecond: Math.round(rows / seconds),
    megabytes: Math.round(bytes / 1e5) / 10,
    rssGrowthMb: Math.round((peakRss - baseRss) / 1e5) / 10,
  }
  console.log(
    `streamed ${rows} rows (${result.megabytes} MB) in ${result.seconds} s: ${result.rowsPerSecond} rows/s, memory +${result.rssGrowthMb} MB at most`,
  )
  await platform.close?.()
  return result
}
