/**
 * @module @glam/webhooks
 * Customers' outbound webhooks (containers: delivery goes through the Node-only SSRF-safe
 * fetch). Endpoints at `/api/webhooks` (register, list, disable, deliveries, replay); the
 * `webhook-deliveries` job sends signed deliveries with retries for 24 h, the
 * `webhook-campaigns-ended` job raises `campaign.ended`. The pixel raises the conversion events
 * through `@glam/commerce/webhook-events`.
 *
 * ```sh
 * curl -X POST /api/webhooks -H 'authorization: Bearer <token>' \
 *   -d '{"url":"https://shop.example/glam","events":["conversion.attributed"]}'
 * ```
 */
import { defineFunction } from '@glam/core'
import { campaignsEndedJob } from './campaigns-ended.ts'
import { webhookDeliveriesJob } from './deliver.container.ts'
import { webhookErrors } from './errors.ts'
import { webhooksOpenapi } from './openapi.ts'
import { createWebhooksApp } from './routes.container.ts'

export const webhooksFunction = defineFunction({
  name: 'webhooks',
  description:
    "Customers' outbound webhooks (containers) under `/api/webhooks`: signed deliveries of conversion and campaign events, retried for 24 h, replayable.",
  mounts: [{ path: '/api/webhooks', app: () => createWebhooksApp() }],
  claims: ['/api/webhooks/*'],
  runtimes: ['container'],
  errors: webhookErrors,
  jobs: [webhookDeliveriesJob, campaignsEndedJob],
  openapi: webhooksOpenapi,
  tables: ['webhook_endpoints', 'webhook_deliveries', 'campaigns', 'customers', 'audit_log'],
})
