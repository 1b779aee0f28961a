/**
 * `alerts-digest` (07:00 UTC — 8 or 9 in Berlin — edge and containers; cron triggers at the edge
 * know no time zones): the daily alerts' changes that
 * `alerts-send` kept (`queued`) go out as one mail per address and language, each alert with its
 * newest change, the product through its tracked shortlink (channel `alert`), a link that stops
 * that alert, and a one-click unsubscribe that stops the address's daily alerts. Every queued
 * row of an alert is settled with its mail (sent, skipped for a suppressed address, failed), so
 * a digest goes out once whatever runs twice; changes of alerts stopped since are dropped.
 */
import { trackedProductLink } from '@glam/commerce/product-link'
import { defineJob, type Logger, type Platform } from '@glam/core'
import type { Alert } from '@glam/db/repositories/alerts'
import { isSqlDatabase, repositoriesOf } from '@glam/db/repositories/index'
import { type AlertDigestParams, alertDigestMail, composeMail } from '@glam/mail'
import { price } from './copy.ts'
import { alertSlug } from './send.ts'
import { absolute, alertUnsubscribeToken, digestUnsubscribeToken } from './tokens.ts'

const page = 5000

interface Change {
  alert: Alert
  /** The newest change's price, the first one's price before (what the day moved from). */
  priceMinor: number
  beforeMinor: number | null
}

export async function sendDigests(
  platform: Platform,
  options: { logger?: Logger; signal?: AbortSignal } = {},
) {
  const log = options.logger ?? platform.logger
  const repos = repositoriesOf(platform)
  const totals = { addresses: 0, alerts: 0, sent: 0, skipped: 0, failed: 0, dropped: 0 }
  totals.dropped = await repos.alerts.dropStaleQueued()
  for (;;) {
    if (options.signal?.aborted) break
    const rows = await repos.alerts.queuedDeliveries(page)
    if (rows.length === 0) break
    // Whole addresses only: the last address of a full page may go on in the next one.
    const lastEmail = rows.at(-1)!.alert.email
    const usable = rows.length === page ? rows.filter((r) => r.alert.email !== lastEmail) : rows
    const batch = usable.length ? usable : rows
    const byAddress = new Map<string, Map<string, Change>>()
    for (const { delivery, alert } of batch) {
      const key = `${alert.email}|${alert.locale}`
      const changes = byAddress.get(key) ?? new Map<string, Change>()
      const known = changes.get(alert.id)
      changes.set(alert.id, {
        alert,
        priceMinor: delivery.priceMinor,
        beforeMinor: known ? known.beforeMinor : delivery.beforeMinor,
      })
      byAddress.set(key, changes)
    }
    for (const changes of byAddress.values()) {
      const outcome = await mailDigest(platform, [...changes.values()], log)
      totals.addresses++
      totals.alerts += changes.size
      totals[outcome]++
    }
  }
  if (totals.addresses || totals.dropped) log.info('alerts.digests', totals)
  return totals
}

async function mailDigest(platform: Platform, changes: Change[], log: Logger) {
  const repos = repositoriesOf(platform)
  const { email, locale, id: firstId } = changes[0]!.alert
  const products = new Map(
    (await repos.products.searchRowsByIds(changes.map((c) => c.alert.productId))).map((p) => [p.id, p]),
  )
  const items: AlertDigestParams['items'] = []
  for (const change of changes) {
    const product = products.get(change.alert.productId)
    if (!product) continue
    const link = await trackedProductLink(platform, product, {
      slug: alertSlug(product.id),
      channel: 'alert',
    })
    items.push({
      kind: change.alert.kind,
      productTitle: product.title,
      productUrl: absolute(platform.config, link ?? '/'),
      stopUrl: absolute(
        platform.config,
        `/w/unsubscribe/${await alertUnsubscribeToken(platform.config, change.alert.id)}`,
      ),
      price: price(locale, change.priceMinor, product.currency),
      ...(change.beforeMinor !== null && { before: price(locale, change.beforeMinor, product.currency) }),
    })
  }
  const settle = async (
    status: 'sent' | 'skipped' | 'failed',
    fields: { messageId?: string; error?: string },
  ) => {
    for (const change of changes) await repos.alerts.settleQueued(change.alert.id, status, fields)
    return status
  }
  if (items.length === 0) return settle('skipped', { error: 'no product' })
  try {
    const message = composeMail(
      alertDigestMail,
      { items },
      {
        to: email,
        locale,
        unsubscribe: {
          url: absolute(
            platform.config,
            `/w/unsubscribe/${await digestUnsubscribeToken(platform.config, firstId)}`,
          ),
        },
        tags: ['alert-digest'],
      },
    )
    const result = await platform.mailer.send(message)
    if (result.skipped) return settle('skipped', { error: 'suppressed' })
    return settle('sent', { messageId: result.id })
  } catch (error) {
    log.error('alerts.digest_failed', { alerts: changes.length, error })
    return settle('failed', { error: error instanceof Error ? error.message : String(error) })
  }
}

export const alertsDigestJob = defineJob({
  name: 'alerts-digest',
  description: 'Mails each address its daily alerts that fired since the last digest, in one mail.',
  schedule: '0 7 * * *',
  timezone: 'UTC',
  timeoutMs: 30 * 60_000,
  edge: true,
  async run({ platform, logger, signal }) {
    if (!isSqlDatabase(platform.database)) return { skipped: 'no database' }
    return sendDigests(platform, { logger, signal })
  },
})
