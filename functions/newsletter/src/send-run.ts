/**
 * Running a newsletter send: the list's confirmed subscribers become the send's recipients
 * (one delivery row each), then batches of `GLAM_NEWSLETTER_BATCH` go through the mailer's
 * batch sending (Mailgun: one call per batch with `recipient-variables`), one rendering per
 * language with each recipient's own preference and unsubscribe links filled in by Mailgun.
 * Suppressed addresses are skipped (and counted); a batch Mailgun refuses for good is marked
 * failed; a temporary failure stops the run with the rest still pending, and the
 * `newsletter-sends` job carries on from there. Progress is counted after every batch.
 */
import { GlamError, type Logger, type MailRecipient, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { NewsletterDelivery, NewsletterSend } from '@glam/db/repositories/newsletter'
import { expandBatch, newsletterMail, renderMail } from '@glam/mail'
import { absolute, preferencesToken, unsubscribeToken } from './tokens.ts'

type Locale = 'de' | 'en'

export async function runSend(
  platform: Platform,
  sendId: string,
  options: { signal?: AbortSignal; logger?: Logger } = {},
): Promise<NewsletterSend | null> {
  const log = options.logger ?? platform.logger
  const repos = repositoriesOf(platform)
  const started = await repos.newsletter.startSend(sendId)
  if (!started || started.status !== 'sending') return started
  const { config } = platform
  const hrefs = new Map(started.links.map((l) => [l.url, l.slug ? absolute(config, `/${l.slug}`) : l.url]))
  const rendered = new Map<Locale, ReturnType<typeof renderMail>>()
  const renderFor = (locale: Locale) => {
    let mail = rendered.get(locale)
    if (!mail) {
      mail = renderMail(
        newsletterMail,
        {
          subject: started.subject,
          body: started.body,
          preferencesUrl: absolute(config, '/n/preferences/%recipient.p%'),
          href: (url) => hrefs.get(url) ?? url,
        },
        {
          locale,
          unsubscribe: { url: absolute(config, '/n/unsubscribe/%recipient.u%') },
          tags: [started.listId],
        },
      )
      rendered.set(locale, mail)
    }
    return mail
  }
  const recipientOf = async (d: NewsletterDelivery): Promise<MailRecipient> => ({
    to: d.email,
    variables: {
      p: await preferencesToken(config, d.subscriberId),
      u: await unsubscribeToken(config, d.subscriberId, started.listId),
    },
  })
  const size = config.newsletterBatchSize
  for (;;) {
    if (options.signal?.aborted) break
    const pending = await repos.newsletter.pendingDeliveries(sendId, size)
    if (pending.length === 0) break
    for (const locale of ['de', 'en'] as const) {
      const group = pending.filter((d) => d.locale === locale)
      if (group.length === 0) continue
      const mail = renderFor(locale)
      const batch = { ...mail, recipients: await Promise.all(group.map(recipientOf)) }
      try {
        const result = platform.mailer.sendBatch
          ? await platform.mailer.sendBatch(batch)
          : await sendEach(platform, batch)
        const skipped = new Set(result.skipped.map((a) => a.toLowerCase()))
        const ids = (which: boolean) =>
          group.filter((d) => skipped.has(d.email) === which).map((d) => d.subscriberId)
        await repos.newsletter.markDeliveries(sendId, ids(true), 'skipped', { error: 'suppressed' })
        await repos.newsletter.markDeliveries(sendId, ids(false), 'sent', { messageId: result.id || null })
        log.info('newsletter.batch_sent', { sendId, locale, recipients: group.length, skipped: skipped.size })
      } catch (error) {
        const code = error instanceof GlamError ? error.code : 'INTERNAL'
        if (code === 'SERVICE_UNAVAILABLE' || code === 'RATE_LIMITED') {
          // Temporary: the rest stays pending; the job carries on later.
          log.warn('newsletter.batch_deferred', { sendId, locale, code })
          await repos.newsletter.tally(sendId)
          return repos.newsletter.send(sendId)
        }
        log.error('newsletter.batch_failed', { sendId, locale, code, error })
        await repos.newsletter.markDeliveries(
          sendId,
          group.map((d) => d.subscriberId),
          'failed',
          { error: error instanceof Error ? error.message : String(error) },
        )
      }
    }
    await repos.newsletter.tally(sendId)
  }
  const done = await repos.newsletter.tally(sendId)
  log.info('newsletter.send_progress', {
    sendId,
    status: done?.status,
    total: done?.total,
    sent: done?.sent,
    skipped: done?.skipped,
    failed: done?.failed,
  })
  return done
}

async function sendEach(
  platform: Platform,
  batch: Parameters<NonNullable<Platform['mailer']['sendBatch']>>[0],
) {
  const skipped: string[] = []
  let id = ''
  for (const message of expandBatch(batch)) {
    const result = await platform.mailer.send(message)
    if (result.skipped) skipped.push(message.to)
    else id ||= result.id
  }
  return { id, skipped }
}
