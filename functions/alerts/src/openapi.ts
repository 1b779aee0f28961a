/** The alerts function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, jsonRequestBody, type OpenApiPaths, ok } from '@glam/core'
import { alertInput } from './api.ts'
import { wishlistInput } from './wishlists.ts'

const alert =
  '{ id, productId, product: { title, brand, priceMinor, salePriceMinor, currency, availability, imageUrl, onOffer } | null, kind: "price_drop"|"target_price"|"back_in_stock", targetPriceMinor, frequency: "instant"|"daily", status: "pending"|"active"|"unsubscribed", wishlistId, lastAlertedAt, lastAlertedPriceMinor, createdAt }'
const wishlist =
  '{ id, name, shareUrl, items: [{ productId, addedAt, product: { title, brand, priceMinor, salePriceMinor, currency, availability, imageUrl, onOffer } | null }], createdAt, updatedAt }'
const id = [{ name: 'id', in: 'path' as const, required: true, schema: { type: 'string' } }]
const item = [...id, { name: 'productId', in: 'path' as const, required: true, schema: { type: 'string' } }]

export const alertsOpenapi: OpenApiPaths = {
  '/api/alerts': {
    post: {
      summary: 'Set a price or stock alert on a product',
      description:
        'A portal member\'s alert (session) is active at once (201; 200 when they had it). Without a login give `email`: a confirmation link is mailed and the answer is 202 alike for every address. `target_price` needs `targetPriceMinor`. Alerts fire on changes after they are set: a drop below the price they last saw (re-armed when the price rises), the target reached, back in stock. `frequency: "daily"` keeps them for one morning digest mail (07:00 UTC).',
      requestBody: jsonRequestBody(alertInput),
      responses: {
        201: ok(alert),
        200: ok(alert),
        202: ok('{ status: "accepted", message }'),
        ...errorResponses,
      },
    },
    get: { summary: "A member's alerts", responses: { 200: ok(`{ items: [${alert}] }`), ...errorResponses } },
  },
  '/api/alerts/{id}': {
    delete: {
      summary: "Delete one of the member's alerts",
      parameters: id,
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    },
  },
  '/api/wishlists': {
    get: {
      summary: "A member's wishlists with their products",
      responses: { 200: ok(`{ items: [${wishlist}] }`), ...errorResponses },
    },
    post: {
      summary: 'Make a wishlist (at most 20 per member)',
      requestBody: jsonRequestBody(wishlistInput),
      responses: { 201: ok(wishlist), ...errorResponses },
    },
  },
  '/api/wishlists/{id}': {
    get: {
      summary: 'One of the member’s wishlists',
      parameters: id,
      responses: { 200: ok(wishlist), ...errorResponses },
    },
    delete: {
      summary: 'Delete a wishlist',
      parameters: id,
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    },
  },
  '/api/wishlists/{id}/items/{productId}': {
    post: {
      summary: 'Put a product on a wishlist',
      parameters: item,
      responses: { 201: ok(wishlist), 200: ok(wishlist), ...errorResponses },
    },
    delete: {
      summary: 'Take a product off a wishlist',
      parameters: item,
      responses: { 204: { description: 'Removed' }, ...errorResponses },
    },
  },
}
