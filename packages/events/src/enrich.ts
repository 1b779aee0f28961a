/**
 * Enrichment that costs CPU, done when a batch is flushed rather than on the request:
 * clicks get device type, OS and browser from their user agent (ua-parser-js 1.x, MIT).
 */
import type { AnalyticsEvent } from '@glam/core'
import UAParser from 'ua-parser-js'

const cache = new Map<string, { device: string; os: string; browser: string }>()

export function describeUserAgent(ua: string): { device: string; os: string; browser: string } {
  let known = cache.get(ua)
  if (!known) {
    const { device, os, browser } = new UAParser(ua).getResult()
    known = {
      device: device.type === 'mobile' || device.type === 'tablet' ? device.type : ua ? 'desktop' : 'unknown',
      os: os.name ?? 'unknown',
      browser: browser.name ?? 'unknown',
    }
    if (cache.size > 5_000) cache.clear()
    cache.set(ua, known)
  }
  return known
}

/** The writer's default enrichment: drops the routing field, fills click details. */
export function enrichEvent({ table, ...row }: AnalyticsEvent): Record<string, unknown> {
  if (table === 'clicks' && typeof row.user_agent === 'string' && row.device === undefined) {
    Object.assign(row, describeUserAgent(row.user_agent))
  }
  return row
}
