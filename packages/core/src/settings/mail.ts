/**
 * Outgoing mail through Mailgun, and its sender. The API key is required in production and
 * needs its domain (config.ts checks both); without it mail goes to the development outbox.
 */
import { z } from 'zod'
import { setting } from './define.ts'

export const mailSettings = {
  mailgunApiKey: setting({
    env: 'MAILGUN_API_KEY',
    sensitive: true,
    schema: z.string().min(1).optional(),
    productionNote: 'required',
    description: 'Mailgun API key (secret). Unset: mail goes to the development outbox at /dev/mailbox.',
  }),
  mailgunDomain: setting({
    env: 'MAILGUN_DOMAIN',
    schema: z.string().min(1).optional(),
    productionNote: 'required',
    description: 'Mailgun sending domain, e.g. `mg.glam.example`.',
  }),
  mailgunRegion: setting({
    env: 'MAILGUN_REGION',
    schema: z.enum(['eu', 'us']),
    default: 'eu',
    description: 'Mailgun region (`eu` or `us`).',
  }),
  mailgunBaseUrl: setting({
    env: 'MAILGUN_BASE_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description: 'Overrides the Mailgun API base URL (tests, proxies).',
  }),
  mailFrom: setting({
    env: 'MAIL_FROM',
    schema: z.string().min(3),
    default: 'Glam <no-reply@glam.localhost>',
    description: 'Sender of every mail: one address, optionally with a display name.',
    productionNote: 'required (on your domain)',
    insecure: (v) => (v.includes('glam.localhost') ? 'set a sender on your own domain' : false),
  }),
} as const
