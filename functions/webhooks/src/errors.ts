/** The codes the webhooks function answers with, beside the core catalogue's (declared in the manifest). */
import { registerErrors } from '@glam/core'

export const webhookErrors = {
  WEBHOOK_URL_BLOCKED: {
    status: 400,
    message:
      'This URL cannot receive webhooks: it must be https (http only outside production), carry no credentials, and name a public host.',
  },
  WEBHOOK_ENDPOINT_DISABLED: { status: 409, message: 'This webhook endpoint is disabled.' },
  WEBHOOK_ENDPOINT_LIMIT: {
    status: 409,
    message: 'This customer has as many active webhook endpoints as allowed; delete one first.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    WEBHOOK_URL_BLOCKED: true
    WEBHOOK_ENDPOINT_DISABLED: true
    WEBHOOK_ENDPOINT_LIMIT: true
  }
}

registerErrors(webhookErrors)
