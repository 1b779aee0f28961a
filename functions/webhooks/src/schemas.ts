/** The webhooks API's inputs and what it answers (never a secret except at creation). */
import type { WebhookDelivery, WebhookEndpoint } from '@glam/db/repositories/webhooks'
import { webhookEventTypes } from '@glam/db/repositories/webhooks'
import { z } from 'zod'

export const createEndpointInput = z.strictObject({
  url: z.string().trim().min(1).max(2048),
  events: z
    .array(z.enum(webhookEventTypes))
    .min(1)
    .max(webhookEventTypes.length * 2),
  description: z.string().trim().max(200).nullable().optional(),
  /** Staff and admins name the customer; a client's is its own. */
  customerId: z.uuid().optional(),
})

export const listEndpointsQuery = z.strictObject({
  customer: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional(),
})

export const listDeliveriesQuery = z.strictObject({
  customer: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional(),
})

export const replayInput = z
  .strictObject({
    deliveryId: z.uuid().optional(),
    since: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((v) => (v.deliveryId === undefined) !== (v.since === undefined), {
    message: 'name either deliveryId or since',
    path: ['deliveryId'],
  })

export const endpointView = (e: WebhookEndpoint) => ({
  id: e.id,
  customerId: e.customerId,
  url: e.url,
  events: e.events,
  description: e.description,
  active: !e.disabledAt,
  disabledAt: e.disabledAt,
  createdAt: e.createdAt,
  updatedAt: e.updatedAt,
})

export const deliveryView = (d: WebhookDelivery) => ({
  id: d.id,
  endpointId: d.endpointId,
  eventId: d.eventId,
  event: d.event,
  status: d.status,
  attempts: d.attempts,
  nextAttemptAt: d.status === 'pending' ? d.nextAttemptAt : null,
  lastStatus: d.lastStatus,
  lastError: d.lastError,
  deliveredAt: d.deliveredAt,
  createdAt: d.createdAt,
})
