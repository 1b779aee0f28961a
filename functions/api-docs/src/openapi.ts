/**
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas the handlers
 * validate with (zod 4's JSON Schema output), so the documentation cannot drift from the code.
 */
import { appInputSchema, appPatchSchema } from '@glam/auth/apps'
import { startSchema, verifySchema } from '@glam/auth-api/flow'
import { createUserSchema, grantSchema } from '@glam/auth-api/users'
import { parseConfig } from '@glam/core'
import { bulkSchema, createLinkSchema, listQuery, updateLinkSchema } from '@glam/links/schemas'
import { createCouponSchema } from '@glam/pixel/coupons'
import { cancelSchema, collectSchema, refundSchema, serverOrderSchema } from '@glam/pixel/schemas'
import { createShopSchema, rotateShopSchema, updateShopSchema } from '@glam/pixel/shops'
import { clicksQuery } from '@glam/stats'
import { conversionsQuery } from '@glam/stats/conversions'
import { z } from 'zod'

type Json = Record<string, unknown>
const schema = (s: z.ZodType): Json => z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json

/** Query parameters from an object schema's properties. */
function queryParameters(s: z.ZodType): Json[] {
  const json = schema(s) as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }))
}

const errorBody = {
  type: 'object',
  required: ['error'],
  properties: {
    error: {
      type: 'object',
      required: ['code', 'message'],
      properties: {
        code: { type: 'string', examples: ['VALIDATION_FAILED', 'NOT_FOUND'] },
        message: { type: 'string' },
        details: {},
        requestId: { type: 'string' },
      },
    },
  },
}
const errors = Object.fromEntries(
  [
    [
      '400',
      'Invalid input (VALIDATION_FAILED with details per field, MALFORMED_JSON, INVALID_CURSOR for a cursor no list handed out, TOTAL_MISMATCH for an order total that disagrees with its lines)',
    ],
    ['401', 'No or an invalid API key or token (UNAUTHORIZED, INVALID_TOKEN)'],
    [
      '403',
      'The caller lacks the permission (FORBIDDEN), or a cookie-authenticated change came from another site (CSRF_REJECTED)',
    ],
    ['404', 'Not found, or not visible to this caller: both answer the same (NOT_FOUND)'],
  ].map(([status, description]) => [
    status,
    { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  ]),
)
const json = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } })
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
const ok = (description: string, type = 'application/json') => ({ description, content: { [type]: {} } })

/** App schemas depend on settings (which origins are Glam's); their shape does not. */
const docsConfig = parseConfig({ GLAM_ENV: 'development' })
const appIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
}

export function openApiDocument(serverUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Glam API',
      version: '1',
      description:
        'Shortlinks, shops, conversions, statistics, exports, users and jobs. Authenticate with `Authorization: Bearer <API key or token>` (in development `glam_dev_admin`) or the login session cookie (changes must then come from Glam\u2019s own pages). A client sees their own customer only, an influencer their own links and stats. Lists are paginated with `limit` (at most 100) and `cursor`. Shops\u2019 servers sign `/api/conversions` with their secret instead (see below).',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Glam API key, or a token from /auth/token',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-glam_session',
          description: 'The login session (glam_session in development)',
        },
        shopSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Glam-Signature',
          description:
            'v1=<hex HMAC-SHA256 of "<X-Glam-Timestamp>.<raw body>"> under the shop secret, with X-Glam-Key: pk_…; 5-minute window, each signature once',
        },
      },
      schemas: { Error: errorBody },
    },
    paths: {
      '/api/links': {
        get: {
          summary: 'List links',
          description: 'Newest first; filter by customer, campaign, influencer, status.',
          parameters: queryParameters(listQuery),
          responses: { 200: ok('A page of links: `{ items, nextCursor }`'), ...errors },
        },
        post: {
          summary: 'Create a link',
          description:
            'Custom slug (letters, digits, `-`, `_`; case-sensitive) or a generated one. Look-alikes that differ only in case come back as `warnings`.',
          requestBody: json(createLinkSchema(true)),
          responses: {
            201: ok('`{ link, warnings }`'),
            409: { description: 'The slug is taken (CONFLICT)' },
            ...errors,
          },
        },
      },
      '/api/links/bulk': {
        post: {
          summary: 'One link per influencer of a campaign',
          description: 'All or nothing.',
          requestBody: json(bulkSchema(true)),
          responses: {
            201: ok('`{ items }`'),
            409: { description: 'A slug is taken, or the campaign has no influencers' },
            ...errors,
          },
        },
      },
      '/api/links/{id}': {
        get: {
          summary: 'One link, with its short URL and QR code addresses',
          parameters: [idParam],
          responses: { 200: ok('The link'), ...errors },
        },
        patch: {
          summary: 'Change a link',
          description: 'Retarget, pause, archive, reschedule. The redirect serves the change at once.',
          parameters: [idParam],
          requestBody: json(updateLinkSchema(true)),
          responses: { 200: ok('The changed link'), ...errors },
        },
      },
      '/api/links/{id}/qr.svg': {
        get: {
          summary: 'QR code (SVG)',
          parameters: [idParam],
          responses: { 200: ok('SVG', 'image/svg+xml'), ...errors },
        },
      },
      '/api/links/{id}/qr.png': {
        get: {
          summary: 'QR code (PNG, containers only)',
          parameters: [
            idParam,
            { name: 'size', in: 'query', schema: { enum: [256, 512, 1024], default: 512 } },
          ],
          responses: { 200: ok('PNG', 'image/png'), ...errors },
        },
      },
      '/api/stats/clicks': {
        get: {
          summary: 'Click statistics',
          description:
            'Clicks and unique visitors from ClickHouse; bots excluded unless `bots` says otherwise; days in the campaign\u2019s timezone unless `tz` is given.',
          parameters: queryParameters(clicksQuery),
          responses: { 200: ok('`{ from, to, timezone, groupBy, totals, groups }`'), ...errors },
        },
      },
      '/api/shops': {
        get: { summary: 'List shops (admin, staff)', responses: { 200: ok('A page of shops'), ...errors } },
        post: {
          summary: 'Create a shop',
          description:
            'The signing secret is in this answer only; it is stored sealed and never shown again.',
          requestBody: json(createShopSchema(true)),
          responses: { 201: ok('`{ shop, signingSecret, snippet }`'), ...errors },
        },
      },
      '/api/shops/{id}': {
        get: {
          summary: 'One shop with its snippet tag',
          parameters: [idParam],
          responses: { 200: ok('The shop'), ...errors },
        },
        patch: {
          summary: 'Change name, origins, status or click parameter',
          parameters: [idParam],
          requestBody: json(updateShopSchema(true)),
          responses: { 200: ok('The changed shop'), ...errors },
        },
      },
      '/api/shops/{id}/rotate': {
        post: {
          summary: 'New public key and/or signing secret (the old ones stop working at once)',
          parameters: [idParam],
          requestBody: json(rotateShopSchema),
          responses: { 200: ok('`{ shop, signingSecret? }`'), ...errors },
        },
      },
      '/api/conversions': {
        post: {
          summary: 'An order from the shop server (signed)',
          description:
            'Idempotent per shop and order id: a repeat answers 409 DUPLICATE_ORDER; an order the browser reported first is replaced once by this report (`outcome: merged`).',
          security: [{ shopSignature: [] }],
          requestBody: json(serverOrderSchema),
          responses: {
            201: ok('`{ outcome: created, order }`'),
            200: ok('`{ outcome: merged, order }`'),
            409: { description: 'DUPLICATE_ORDER or REPLAYED_REQUEST' },
            ...errors,
          },
        },
      },
      '/api/conversions/{orderId}/cancel': {
        post: {
          summary: 'Cancel an order (signed; the body names the order)',
          security: [{ shopSignature: [] }],
          parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: json(cancelSchema),
          responses: {
            200: ok('The order'),
            409: { description: 'Already cancelled (CONFLICT)' },
            ...errors,
          },
        },
      },
      '/api/conversions/{orderId}/refund': {
        post: {
          summary: 'Refund part or all of an order (signed; never past its total)',
          security: [{ shopSignature: [] }],
          parameters: [{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }],
          requestBody: json(refundSchema),
          responses: {
            200: ok('The order'),
            409: { description: 'Would exceed the total (CONFLICT)' },
            ...errors,
          },
        },
      },
      '/api/coupons': {
        get: {
          summary: "A campaign's coupons",
          parameters: [
            { name: 'campaign', in: 'query', required: true, schema: { type: 'string', format: 'uuid' } },
          ],
          responses: { 200: ok('`{ items }`'), ...errors },
        },
        post: {
          summary: 'A coupon or shortcode that attributes orders to an influencer',
          description: 'Unique per customer, case-insensitive; used when an order comes without a click.',
          requestBody: json(createCouponSchema),
          responses: {
            201: ok('The coupon'),
            409: { description: 'The code is taken (CONFLICT)' },
            ...errors,
          },
        },
      },
      '/api/stats/conversions': {
        get: {
          summary: 'Conversion statistics',
          description:
            'Orders, items, revenue gross and net per currency (minor units), average order value, clicks and conversion rate, grouped by campaign, influencer, link or day.',
          parameters: queryParameters(conversionsQuery),
          responses: { 200: ok('`{ totals, groups }`'), ...errors },
        },
      },
      '/api/exports/campaigns/{id}/orders.csv': {
        get: {
          summary: "A campaign's orders with their lines (CSV, streamed)",
          parameters: [idParam],
          responses: { 200: ok('CSV, one row per order line', 'text/csv'), ...errors },
        },
      },
      '/api/users': {
        get: {
          summary: 'Users with their grants, newest first (admin, staff; platform-wide callers only)',
          parameters: [
            { name: 'email', in: 'query', schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: ok('`{ items, nextCursor }`'), ...errors },
        },
        post: {
          summary: 'Ensure a user (admin)',
          requestBody: json(createUserSchema),
          responses: { 201: ok('The user'), ...errors },
        },
      },
      '/api/users/{id}/grants': {
        post: {
          summary: 'Grant a role in an app (admin; audited)',
          parameters: [idParam],
          requestBody: json(grantSchema),
          responses: { 201: ok('The user with grants'), ...errors },
        },
        delete: {
          summary: 'Revoke a grant (admin; audited)',
          parameters: [idParam],
          requestBody: json(grantSchema),
          responses: { 200: ok('The user with grants'), ...errors },
        },
      },
      '/api/apps': {
        get: {
          summary: 'The apps that sign people in through Glam (admin)',
          responses: { 200: ok('`{ items }`'), ...errors },
        },
        post: {
          summary: 'Register an app (admin; audited)',
          description:
            'Origins are normalised bare origins, public in production, and never Glam itself (its public URL, localhost, 127.0.0.1, [::1], GLAM_HOST_ALIASES). Open or domain sign-up needs a defaultRole that is not admin, staff, client or influencer.',
          requestBody: json(appInputSchema(docsConfig)),
          responses: { 201: ok('The app'), 409: { description: 'CONFLICT: the id exists' }, ...errors },
        },
      },
      '/api/apps/{id}': {
        get: {
          summary: 'One app (admin)',
          parameters: [appIdParam],
          responses: { 200: ok('The app'), ...errors },
        },
        patch: {
          summary: 'Change an app (admin; audited)',
          parameters: [appIdParam],
          requestBody: json(appPatchSchema(docsConfig)),
          responses: { 200: ok('The app'), ...errors },
        },
      },
      '/auth/start': {
        post: {
          summary: 'Mail a one-time login code',
          description: 'Answers the same whether or not the address is known.',
          security: [],
          requestBody: json(startSchema),
          responses: {
            202: ok('`{ status: code_sent, expiresIn }`'),
            429: { description: 'RATE_LIMITED' },
            ...errors,
          },
        },
      },
      '/auth/verify': {
        post: {
          summary: 'Check the code; sets the session cookie',
          security: [],
          requestBody: json(verifySchema),
          responses: {
            200: ok('`{ status: signed_in, user, redirectTo }`'),
            429: { description: 'RATE_LIMITED' },
            ...errors,
          },
        },
      },
      '/collect': {
        post: {
          summary: 'A purchase from the pixel (browser)',
          description:
            'Sent by the snippet as text/plain (beacon or fetch); also `GET /collect?d=<json>` (image fallback). Only from the shop\u2019s registered origins.',
          security: [],
          requestBody: json(collectSchema),
          responses: {
            202: ok('`{ status: recorded, id }`'),
            409: { description: 'DUPLICATE_ORDER' },
            ...errors,
          },
        },
      },
      '/api/jobs': {
        get: {
          summary: 'Jobs with schedule, next tick and last run (platform-wide key)',
          responses: { 200: ok('`{ items }`'), ...errors },
        },
      },
      '/api/jobs/{name}/runs': {
        get: {
          summary: "A job's recorded runs",
          parameters: [
            { name: 'name', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 100 } },
            { name: 'cursor', in: 'query', schema: { type: 'string' } },
          ],
          responses: { 200: ok('A page of runs'), ...errors },
        },
      },
    },
  }
}
