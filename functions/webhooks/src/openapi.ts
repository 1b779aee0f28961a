/** The webhooks function's OpenAPI paths (its manifest's `openapi`), from the handlers' zod schemas. */
import { errorResponses, idParam, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { createEndpointInput, listDeliveriesQuery, listEndpointsQuery, replayInput } from './schemas.ts'

const endpoint = '{ id, customerId, url, events, description, active, disabledAt, createdAt, updatedAt }'
const delivery =
  '{ id, endpointId, eventId, event, status, attempts, nextAttemptAt, lastStatus, lastError, deliveredAt, createdAt }'

export const webhooksOpenapi: OpenApiPaths = {
  '/api/webhooks': {
    get: {
      summary:
        "Webhook endpoints newest first (never their secrets): a client's customer's; staff and admins any customer's with `customer`, or all",
      parameters: queryParameters(listEndpointsQuery),
      responses: { 200: ok(`{ items: [${endpoint}], nextCursor }`), ...errorResponses },
    },
    post: {
      summary:
        'Register an endpoint for `conversion.attributed`, `conversion.refunded`, `campaign.ended` (https, public host; WEBHOOK_URL_BLOCKED otherwise). Staff name `customerId`. The signing `secret` is answered this once',
      requestBody: jsonRequestBody(createEndpointInput),
      responses: { 201: ok(`{ secret, endpoint: ${endpoint} }`), ...errorResponses },
    },
  },
  '/api/webhooks/{id}': {
    delete: {
      summary:
        'Disable an endpoint (idempotent); its pending deliveries fail. Another customer’s answers 404 like a missing one',
      parameters: [idParam],
      responses: { 200: ok(endpoint), ...errorResponses },
    },
  },
  '/api/webhooks/{id}/deliveries': {
    get: {
      summary: "An endpoint's deliveries newest first: status, attempts, the last HTTP status or error",
      parameters: [idParam, ...queryParameters(listDeliveriesQuery)],
      responses: { 200: ok(`{ items: [${delivery}], nextCursor }`), ...errorResponses },
    },
  },
  '/api/webhooks/{id}/replay': {
    post: {
      summary:
        'Send deliveries again: `{ deliveryId }` or `{ since }` (an ISO time; the newest 1,000). Answers how many were queued',
      parameters: [idParam],
      requestBody: jsonRequestBody(replayInput),
      responses: { 202: ok('{ queued }'), ...errorResponses },
    },
  },
}
