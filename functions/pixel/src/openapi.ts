/** The pixel function's OpenAPI paths (its manifest's `openapi`): collect, shops, conversions, coupons. */
import { errorResponses, idParam, jsonRequestBody, type OpenApiPaths, ok } from '@glam/core'
import { createCouponSchema } from './coupons.ts'
import { cancelSchema, collectSchema, refundSchema, serverOrderSchema } from './schemas.ts'
import { createShopSchema, rotateShopSchema, updateShopSchema } from './shops.ts'

const orderIdParam = { name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }

export const pixelOpenapi: OpenApiPaths = {
  '/collect': {
    post: {
      summary: 'A purchase from the pixel (browser)',
      description:
        'Sent by the snippet as text/plain (beacon or fetch); also `GET /collect?d=<json>` (image fallback). Only from the shop\u2019s registered origins.',
      security: [],
      requestBody: jsonRequestBody(collectSchema),
      responses: {
        202: ok('`{ status: recorded, id }`'),
        409: { description: 'DUPLICATE_ORDER' },
        ...errorResponses,
      },
    },
  },
  '/api/shops': {
    get: {
      summary: 'List shops (admin, staff)',
      responses: { 200: ok('A page of shops'), ...errorResponses },
    },
    post: {
      summary: 'Create a shop',
      description: 'The signing secret is in this answer only; it is stored sealed and never shown again.',
      requestBody: jsonRequestBody(createShopSchema(true)),
      responses: { 201: ok('`{ shop, signingSecret, snippet }`'), ...errorResponses },
    },
  },
  '/api/shops/{id}': {
    get: {
      summary: 'One shop with its snippet tag',
      parameters: [idParam],
      responses: { 200: ok('The shop'), ...errorResponses },
    },
    patch: {
      summary: 'Change name, origins, status or click parameter',
      parameters: [idParam],
      requestBody: jsonRequestBody(updateShopSchema(true)),
      responses: { 200: ok('The changed shop'), ...errorResponses },
    },
  },
  '/api/shops/{id}/rotate': {
    post: {
      summary: 'New public key and/or signing secret (the old ones stop working at once)',
      parameters: [idParam],
      requestBody: jsonRequestBody(rotateShopSchema),
      responses: { 200: ok('`{ shop, signingSecret? }`'), ...errorResponses },
    },
  },
  '/api/conversions': {
    post: {
      summary: 'An order from the shop server (signed)',
      description:
        'Idempotent per shop and order id: a repeat answers 409 DUPLICATE_ORDER; an order the browser reported first is replaced once by this report (`outcome: merged`).',
      security: [{ shopSignature: [] }],
      requestBody: jsonRequestBody(serverOrderSchema),
      responses: {
        201: ok('`{ outcome: created, order }`'),
        200: ok('`{ outcome: merged, order }`'),
        409: { description: 'DUPLICATE_ORDER or REPLAYED_REQUEST' },
        ...errorResponses,
      },
    },
  },
  '/api/conversions/{orderId}/cancel': {
    post: {
      summary: 'Cancel an order (signed; the body names the order)',
      security: [{ shopSignature: [] }],
      parameters: [orderIdParam],
      requestBody: jsonRequestBody(cancelSchema),
      responses: {
        200: ok('The order'),
        409: { description: 'Already cancelled (CONFLICT)' },
        ...errorResponses,
      },
    },
  },
  '/api/conversions/{orderId}/refund': {
    post: {
      summary: 'Refund part or all of an order (signed; never past its total)',
      security: [{ shopSignature: [] }],
      parameters: [orderIdParam],
      requestBody: jsonRequestBody(refundSchema),
      responses: {
        200: ok('The order'),
        409: { description: 'Would exceed the total (CONFLICT)' },
        ...errorResponses,
      },
    },
  },
  '/api/coupons': {
    get: {
      summary: "A campaign's coupons",
      parameters: [
        { name: 'campaign', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
      ],
      responses: { 200: ok('`{ items }`'), ...errorResponses },
    },
    post: {
      summary: 'A coupon or shortcode that attributes orders to an influencer',
      description: 'Unique per customer, case-insensitive; used when an order comes without a click.',
      requestBody: jsonRequestBody(createCouponSchema),
      responses: {
        201: ok('The coupon'),
        409: { description: 'The code is taken (CONFLICT)' },
        ...errorResponses,
      },
    },
  },
}
