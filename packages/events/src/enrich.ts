/**
 * Enrichment that costs CPU, done when a batch is flushed rather than on the request:
 * clicks get device type, OS and browser from their user agent (ua-parser-js 1.x, MIT), the
 * host of their referrer (the full referrer is never stored: it can carry personal data), and
 * their visitor hash from address and user agent (visitor.ts; the address is then dropped).
 */
import { type AnalyticsEvent, hostOf } from '@glam/core'
import UAParser from 'ua-parser-js'
import { visitorHash } from './visitor.ts'

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

export interface EnrichOptions {
  /** Keys visitor hashes (GLAM_SECRET). Without it a click's address is dropped unhashed. */
  visitorSecret?: string
}

/** The writer's enrichment: drops the routing field, fills click details. */
export function createEnricher({ visitorSecret }: EnrichOptions = {}) {
  return (event: AnalyticsEvent) => enrichEvent(event, visitorSecret)
}

/** Drops the routing field and fills click details (see createEnricher). */
export function enrichEvent(
  { table, ...row }: AnalyticsEvent,
  visitorSecret?: string,
): Record<string, unknown> {
  if (table === 'clicks') {
    if (typeof row.client_ip === 'string') {
      const day = typeof row.time === 'string' ? row.time.slice(0, 10) : new Date().toISOString().slice(0, 10)
      const ua = typeof row.user_agent === 'string' ? row.user_agent : ''
      row.visitor_hash = visitorSecret ? visitorHash(visitorSecret, day, row.client_ip, ua) : ''
    }
    delete row.client_ip
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
