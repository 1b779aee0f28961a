/**
 * Enrichment that costs CPU, done when a batch is flushed rather than on the request:
 * clicks get device type, OS and browser from their user agent (ua-parser-js 1.x, MIT), and
 * the host of their referrer (the full referrer is never stored: it can carry personal data).
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

/** The host of a referrer URL, or '' when there is none or it is not a URL. */
export function hostOf(url: string): string {
  if (!url) return ''
  try {
    return new URL(url).host
  } catch {
    return ''
  }
}

/** The writer's default enrichment: drops the routing field, fills click details. */
export function enrichEvent({ table, ...row }: AnalyticsEvent): Record<string, unknown> {
  if (table === 'clicks') {
    if (typeof row.user_agent === 'string' && row.device === undefined) {
      Object.assign(row, describeUserAgent(row.user_agent))
    }
    if (row.referrer_host === undefined) {
      row.referrer_host = hostOf(typeof row.referrer === 'string' ? row.referrer : '')
    }
    delete row.referrer
  }
  return row
}
