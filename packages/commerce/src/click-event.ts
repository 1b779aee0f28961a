/**
 * A click as the redirect records it (`platform.events.record`), before the writer enriches it
 * when the batch is flushed (@glam/events enrich.ts: the referrer becomes its host; device, OS
 * and browser come from the user agent; the address becomes the visitor hash and is dropped).
 * The columns are those of the ClickHouse `clicks` table (@glam/events schema.ts).
 */
import type { AnalyticsEvent } from '@glam/core'
import type { FallbackReason } from './link.ts'

export interface ClickEvent extends AnalyticsEvent {
  table: 'clicks'
  id: string
  /** `YYYY-MM-DD hh:mm:ss.sss`, UTC. */
  time: string
  link_id: string
  campaign_id: string | null
  influencer_id: string | null
  customer_id: string
  slug: string
  /** The link's channel (influencer, portal, look, newsletter, alert). */
  channel: string
  destination_host: string
  country: string
  /** The full referrer, reduced to `referrer_host` at flush. */
  referrer: string
  in_app: '' | 'instagram' | 'tiktok' | 'facebook'
  is_bot: boolean
  bot_reason: string
  /** Hashed into `visitor_hash` at flush, then dropped: never stored. */
  client_ip: string
  user_agent: string
  /**
   * Set only when the link's product was unavailable (inactive, gone or out of stock) at the
   * click; absent otherwise, which ClickHouse stores as NULL (older spilled rows lack it too).
   */
  fallback_reason?: FallbackReason
}
