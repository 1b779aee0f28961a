/**
 * The newsletter's and Mailgun webhooks' settings (declared in the manifest, parsed with the
 * platform's, added to `Config` by declaration merging).
 */
import { type SettingValues, setting } from '@glam/core'
import { z } from 'zod'

export const newsletterSettings = {
  mailgunWebhookSigningKey: setting({
    env: 'MAILGUN_WEBHOOK_SIGNING_KEY',
    sensitive: true,
    schema: z.string().min(16).optional(),
    requiredInProduction: true,
    description:
      "Mailgun's HTTP webhook signing key (secret; Mailgun: Sending → Webhooks). Unset: `POST /webhooks/mailgun` answers 503 and no bounce or complaint reaches the suppression list.",
  }),
  newsletterConfirmDays: setting({
    env: 'GLAM_NEWSLETTER_CONFIRM_DAYS',
    schema: z.coerce.number().int().min(1).max(30),
    default: 7,
    description: 'Days a newsletter confirmation link stays valid.',
  }),
  newsletterBatchSize: setting({
    env: 'GLAM_NEWSLETTER_BATCH',
    schema: z.coerce.number().int().min(1).max(1000),
    default: 500,
    description:
      "Recipients per Mailgun call of a newsletter send (Mailgun's batch sending takes up to 1,000).",
  }),
  newsletterSubscribeLimit: setting({
    env: 'GLAM_NEWSLETTER_SUBSCRIBE_LIMIT',
    schema: z.coerce.number().int().min(1).max(10_000),
    default: 20,
    description:
      'Sign-ups one client address may make per hour (`POST /api/newsletter/subscribe`); one address gets at most 3 confirmation mails an hour whoever asks.',
  }),
} as const

declare module '@glam/core' {
  interface FunctionSettings extends SettingValues<typeof newsletterSettings> {}
}
