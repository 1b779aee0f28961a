/**
 * `alerts-send` (every minute, edge and containers): reads the price history forward from its
 * cursor (`job_cursors`; a first run starts at the newest row: nothing fires for what already
 * was), takes each product's newest change, asks every active alert on it whether it fires
 * (evaluate.ts), and mails what fired: one Mailgun batch per product, language and kind, each
 * recipient with their own unsubscribe link, the product through its tracked shortlink (channel
 * `alert`). A delivery row per alert and price-history row makes a drop mail once, whatever
 * runs twice; suppressed addresses are skipped and recorded. A daily alert's change is kept
 * (`queued`) for the morning digest (digest.ts) instead.
 */
import { trackedProductLink } from '@glam/commerce/product-link'
import { defineJob, type Logger, type Platform } from '@glam/core'
import type { Alert, PriceEvent } from '@glam/db/repositories/alerts'
import { isSqlDatabase, repositoriesOf } from '@glam/db/repositories/index'
import { alertMail, renderMail } from '@glam/mail'
import { price as money } from './copy.ts'
import { effectivePrice, evaluate } from './evaluate.ts'
import { absolute, alertUnsubscribeToken } from './tokens.ts'

const cursorName = 'alerts-send'
const page = 1000

export const alertSlug = (productId: string) => `al-${productId}`

interface Fired {
  alert: Alert
  event: PriceEvent
  before: number | null
}

export async function sendAlerts(
  platform: Platform,
  options: { logger?: Logger; signal?: AbortSignal } = {},
) {
  const log = options.logger ?? platform.logger
  const repos = repositoriesOf(platform)
  let cursor = await repos.alerts.cursor(cursorName)
  if (cursor === null) {
    const last = await repos.alerts.lastPriceEvent()
    await repos.alerts.setCursor(cursorName, last?.id ?? '')
    return { events: 0, fired: 0, sent: 0, skipped: 0, started: true }
  }
  const totals = { events: 0, fired: 0, queued: 0, sent: 0, skipped: 0, failed: 0 }
  for (;;) {
    if (options.signal?.aborted) break
    const events = await repos.alerts.priceEventsAfter(cursor, page)
    if (events.length === 0) break
    totals.events += events.length
    // Each product's newest change counts (a drop undone within the page fires nothing).
    const newest = new Map<string, PriceEvent>()
    for (const e of events) newest.set(e.productId, e)
    const fired: Fired[] = []
    for (const alert of await repos.alerts.activeFor([...newest.keys()])) {
      const event = newest.get(alert.productId)!
      const verdict = evaluate(alert, event)
      if (!verdict.fire) {
        if (Object.keys(verdict.state).length) await repos.alerts.update(alert.id, verdict.state)
        continue
      }
      const price = effectivePrice(event)
      const daily = alert.frequency === 'daily'
      if (
        !(await repos.alerts.claimDelivery({
          alertId: alert.id,
          priceId: event.id,
          kind: alert.kind,
          priceMinor: price,
          beforeMinor: verdict.before,
          status: daily ? 'queued' : 'pending',
        }))
      )
        continue
      await repos.alerts.update(alert.id, {
        ...verdict.state,
        lastAlertedAt: platform.clock.now(),
        lastAlertedPriceMinor: price,
      })
      if (daily) totals.queued++
      else fired.push({ alert, event, before: verdict.before })
    }
    totals.fired += fired.length
    const outcome = await mailFired(platform, fired, log)
    totals.sent += outcome.sent
    totals.skipped += outcome.skipped
    totals.failed += outcome.failed
    cursor = events.at(-1)!.id
    await repos.alerts.setCursor(cursorName, cursor)
  }
  if (totals.fired || totals.queued) log.info('alerts.sent', totals)
  return totals
}

async function mailFired(platform: Platform, fired: Fired[], log: Logger) {
  const repos = repositoriesOf(platform)
  const out = { sent: 0, skipped: 0, failed: 0 }
  const groups = new Map<string, Fired[]>()
  for (const f of fired) {
    const key = `${f.alert.productId}|${f.alert.locale}|${f.alert.kind}|${f.before ?? ''}`
    groups.set(key, [...(groups.get(key) ?? []), f])
  }
  for (const group of groups.values()) {
    const { alert, event, before } = group[0]!
    const product = await repos.products.searchRowById(alert.productId)
    if (!product) continue
    const link = await trackedProductLink(platform, product, {
      slug: alertSlug(product.id),
      channel: 'alert',
    })
    const productUrl = link ? absolute(platform.config, link) : absolute(platform.config, '/')
    const price = effectivePrice(event)
    const mail = renderMail(
      alertMail,
      {
        kind: alert.kind,
        productTitle: product.title,
        productUrl,
        price: money(alert.locale, price, event.currency),
        ...(before !== null && { before: money(alert.locale, before, event.currency) }),
      },
      {
        locale: alert.locale,
        unsubscribe: { url: absolute(platform.config, '/w/unsubscribe/%recipient.u%') },
        tags: [alert.kind],
      },
    )
    for (let i = 0; i < group.length; i += 500) {
      const slice = group.slice(i, i + 500)
      const recipients = await Promise.all(
        slice.map(async (f) => ({
          to: f.alert.email,
          variables: { u: await alertUnsubscribeToken(platform.config, f.alert.id) },
        })),
      )
      try {
        const result = platform.mailer.sendBatch
          ? await platform.mailer.sendBatch({ ...mail, recipients })
          : { id: '', skipped: [] as string[] }
        const skipped = new Set(result.skipped.map((s) => s.toLowerCase()))
        for (const f of slice) {
          const wasSkipped = skipped.has(f.alert.email)
          await repos.alerts.markDelivery(f.alert.id, f.event.id, wasSkipped ? 'skipped' : 'sent', {
            messageId: wasSkipped ? null : result.id || null,
            error: wasSkipped ? 'suppressed' : null,
          })
          if (wasSkipped) out.skipped++
          else out.sent++
        }
      } catch (error) {
        log.error('alerts.batch_failed', { productId: alert.productId, kind: alert.kind, error })
        for (const f of slice) {
          await repos.alerts.markDelivery(f.alert.id, f.event.id, 'failed', {
            error: error instanceof Error ? error.message : String(error),
          })
          out.failed++
        }
      }
    }
  }
  return out
}

export const alertsSendJob = defineJob({
  name: 'alerts-send',
  description: 'Mails the price and stock alerts the newest price history fired (once per change per alert).',
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 10 * 60_000,
  edge: true,
  async run({ platform, logger, signal }) {
    if (!isSqlDatabase(platform.database)) return { skipped: 'no database' }
    return sendAlerts(platform, { logger, signal })
  },
})
