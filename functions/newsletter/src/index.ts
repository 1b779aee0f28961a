/**
 * @module @glam/newsletter
 * Mail people can trust: Mailgun's webhooks at `/webhooks/mailgun` (signature verified,
 * replays refused) feeding the suppression list every send checks (`/api/mail/suppressions`),
 * and the double-opt-in newsletter: sign-up at `/api/newsletter/subscribe`, confirmation,
 * preferences and one-click unsubscribe pages under `/n`, staff sends at
 * `/api/newsletter/sends` through tracked shortlinks (channel `newsletter`).
 */
import { defineFunction } from '@glam/core'
import { newsletterErrors } from './errors.ts'
import { newsletterSendsJob } from './jobs.ts'
import { newsletterOpenapi } from './openapi.ts'
import { createNewsletterPages } from './pages.ts'
import { createSendsApp } from './sends.ts'
import { newsletterSettings } from './settings.ts'
import { createSubscribeApp } from './subscribe.ts'
import { createSuppressionsApp } from './suppressions.ts'
import { createMailgunWebhookApp } from './webhook.ts'

export const newsletterFunction = defineFunction({
  name: 'newsletter',
  description:
    'Mailgun webhooks (`/webhooks/mailgun`) and the suppression list (`/api/mail/suppressions`); the double-opt-in newsletter: `/api/newsletter/subscribe`, pages under `/n`, staff sends at `/api/newsletter/sends`.',
  mounts: [
    { path: '/webhooks/mailgun', app: () => createMailgunWebhookApp() },
    { path: '/api/mail/suppressions', app: () => createSuppressionsApp() },
    { path: '/api/newsletter/sends', app: () => createSendsApp() },
    { path: '/api/newsletter', app: () => createSubscribeApp() },
    { path: '/n', app: () => createNewsletterPages() },
  ],
  claims: ['/webhooks/*', '/api/mail/*', '/api/newsletter/*', '/n/*'],
  runtimes: ['edge', 'container'],
  errors: newsletterErrors,
  settings: newsletterSettings,
  jobs: [newsletterSendsJob],
  openapi: newsletterOpenapi,
  tables: [
    'mail_suppressions',
    'mail_events',
    'newsletter_lists',
    'newsletter_subscribers',
    'newsletter_subscriptions',
    'newsletter_sends',
    'newsletter_deliveries',
    'links',
    'replay_guard',
    'audit_log',
  ],
})
