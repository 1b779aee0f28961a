/**
 * `/api/webhooks`: a customer's endpoints. Clients manage their customer's, staff and admins any
 * customer's (`?customer=` / `customerId`), influencers none; a customer's API key with the scope
 * acts for its customer. Another customer's endpoint answers 404 exactly like a missing one.
 * - `GET /` the endpoints newest first; `POST /` `{url, events, description?}`: 201 with the
 *   signing `secret`, this once.
 * - `DELETE /:id` disables it (idempotent; pending deliveries fail).
 * - `GET /:id/deliveries` its deliveries; `POST /:id/replay` `{deliveryId}` or `{since}`: 202.
 */
import { requireCaller } from '@glam/auth'
import {
  type AppEnv,
  cursorParam,
  GlamError,
  jsonBody,
  type Principal,
  validationHook,
  validJson,
} from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import {
  createEndpointInput,
  deliveryView,
  endpointView,
  listDeliveriesQuery,
  listEndpointsQuery,
  replayInput,
} from './schemas.ts'
import { checkEndpointUrl } from './url-check.container.ts'

/** Active endpoints one customer may have. */
export const maxEndpointsPerCustomer = 20

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
const noEndpoint = () => new GlamError('NOT_FOUND', 'No webhook endpoint with this id.')

/** The customer a limited caller acts for; for platform-wide callers the one requested (or all). */
function customerScope(p: Principal, requested: string | undefined): string | undefined {
  if (p.customerId) {
    if (requested && requested !== p.customerId) throw new GlamError('NOT_FOUND', 'No such customer.')
    return p.customerId
  }
  if (p.influencerId) throw new GlamError('FORBIDDEN', 'Influencers have no webhooks.')
  return requested
}

/** The endpoint of `:id` when the caller may see it; NOT_FOUND otherwise, like a missing one. */
async function visibleEndpoint(c: Context<AppEnv>) {
  const id = c.req.param('id') ?? ''
  const p = c.var.principal!
  const found = uuid.test(id) ? await c.var.platform.repos.webhooks.getEndpoint(id.toLowerCase()) : null
  if (!found || (p.customerId && found.customerId !== p.customerId) || p.influencerId) throw noEndpoint()
  return found
}

const audit = (
  c: Context<AppEnv>,
  action: string,
  endpoint: { id: string; customerId: string },
  details = {},
) =>
  c.var.platform.repos.audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'webhook_endpoint',
    targetId: endpoint.id,
    details: { customerId: endpoint.customerId, ...details },
    requestId: c.var.requestId,
  })

export function createWebhooksApp() {
  const read = requireCaller('webhooks:read')
  const write = requireCaller('webhooks:write')
  return new Hono<AppEnv>()
    .get('/', read, zValidator('query', listEndpointsQuery, validationHook), async (c) => {
      const q = c.req.valid('query')
      const customerId = customerScope(c.var.principal!, q.customer)
      const cursor = cursorParam(q.cursor)
      const page = await c.var.platform.repos.webhooks.listEndpoints({
        ...(customerId && { customerId }),
        limit: q.limit,
        ...(cursor && { cursor }),
      })
      return c.json({ items: page.items.map(endpointView), nextCursor: page.nextCursor })
    })
    .post('/', write, jsonBody(), async (c) => {
      const { repos } = c.var.platform
      const p = c.var.principal!
      const input = await validJson(c, createEndpointInput)
      const customerId = customerScope(p, input.customerId)
      if (!customerId)
        throw new GlamError('VALIDATION_FAILED', 'Name the customer the endpoint is for.', {
          details: [
            { path: 'customerId', code: 'invalid_type', message: 'required for platform-wide callers' },
          ],
        })
      if (!p.customerId && !(await repos.customers.get(customerId)))
        throw new GlamError('NOT_FOUND', 'No such customer.')
      const url = await checkEndpointUrl(c.var.platform, input.url)
      const active = (await repos.webhooks.listEndpoints({ customerId, limit: 100 })).items.filter(
        (e) => !e.disabledAt,
      )
      if (active.length >= maxEndpointsPerCustomer) throw new GlamError('WEBHOOK_ENDPOINT_LIMIT')
      const { endpoint, secret } = await repos.webhooks.createEndpoint({
        customerId,
        url,
        events: input.events,
        description: input.description ?? null,
      })
      await audit(c, 'webhook_endpoint.created', endpoint, { events: endpoint.events })
      c.var.log.info('webhook.endpoint_created', { endpointId: endpoint.id, customerId })
      return c.json({ secret, endpoint: endpointView(endpoint) }, 201, { 'Cache-Control': 'no-store' })
    })
    .delete('/:id', write, async (c) => {
      const found = await visibleEndpoint(c)
      const disabled = (await c.var.platform.repos.webhooks.disableEndpoint(found.id))!
      if (!found.disabledAt) {
        await audit(c, 'webhook_endpoint.disabled', disabled)
        c.var.log.info('webhook.endpoint_disabled', { endpointId: found.id, customerId: found.customerId })
      }
      return c.json(endpointView(disabled))
    })
    .get('/:id/deliveries', read, zValidator('query', listDeliveriesQuery, validationHook), async (c) => {
      const found = await visibleEndpoint(c)
      const q = c.req.valid('query')
      const cursor = cursorParam(q.cursor)
      const page = await c.var.platform.repos.webhooks.listDeliveries({
        endpointId: found.id,
        limit: q.limit,
        ...(cursor && { cursor }),
      })
      return c.json({ items: page.items.map(deliveryView), nextCursor: page.nextCursor })
    })
    .post('/:id/replay', write, jsonBody(), async (c) => {
      const found = await visibleEndpoint(c)
      const input = await validJson(c, replayInput)
      if (found.disabledAt) throw new GlamError('WEBHOOK_ENDPOINT_DISABLED')
      const { webhooks } = c.var.platform.repos
      if (input.deliveryId) {
        const delivery = await webhooks.getDelivery(input.deliveryId.toLowerCase())
        if (delivery?.endpointId !== found.id)
          throw new GlamError('NOT_FOUND', 'No delivery with this id for this endpoint.')
      }
      const queued = await webhooks.replay({
        endpointId: found.id,
        ...(input.deliveryId && { deliveryId: input.deliveryId.toLowerCase() }),
        ...(input.since && { since: new Date(input.since) }),
      })
      c.var.log.info('webhook.replay_queued', { endpointId: found.id, queued })
      return c.json({ queued }, 202)
    })
}
