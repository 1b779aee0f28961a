/** The codes mail webhooks, suppressions and the newsletter answer with (declared in the manifest). */
export const newsletterErrors = {
  WEBHOOK_SIGNATURE_INVALID: {
    status: 401,
    message: "The webhook's signature does not match the Mailgun webhook signing key.",
  },
  WEBHOOK_STALE: { status: 401, message: "The webhook's timestamp is more than 5 minutes away from now." },
  WEBHOOK_REPLAYED: { status: 401, message: "This webhook's token was used before." },
  WEBHOOK_MALFORMED: {
    status: 400,
    message: 'The body is not a Mailgun webhook: JSON with signature and event-data.',
  },
  WEBHOOKS_NOT_CONFIGURED: {
    status: 503,
    message: 'Mailgun webhooks are not accepted here: MAILGUN_WEBHOOK_SIGNING_KEY is not set.',
  },
  NEWSLETTER_LIST_UNKNOWN: { status: 422, message: 'There is no newsletter list with this id.' },
  NEWSLETTER_SEND_NOT_FOUND: { status: 404, message: 'There is no newsletter send with this id.' },
  SUPPRESSION_NOT_FOUND: { status: 404, message: 'This address is not on the suppression list.' },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    WEBHOOK_SIGNATURE_INVALID: true
    WEBHOOK_STALE: true
    WEBHOOK_REPLAYED: true
    WEBHOOK_MALFORMED: true
    WEBHOOKS_NOT_CONFIGURED: true
    NEWSLETTER_LIST_UNKNOWN: true
    NEWSLETTER_SEND_NOT_FOUND: true
    SUPPRESSION_NOT_FOUND: true
  }
}
