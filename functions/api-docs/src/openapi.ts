/**
 * The OpenAPI 3.1 document of the REST API, generated from the zod schemas the handlers
 * validate with (zod 4's JSON Schema output), so the documentation cannot drift from the code.
 */
import { bulkSchema, createLinkSchema, listQuery, updateLinkSchema } from '@glam/links/schemas'
import { clicksQuery } from '@glam/stats'
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
    ['400', 'Invalid input (VALIDATION_FAILED with details per field, MALFORMED_JSON)'],
    ['401', 'No or an invalid API key (UNAUTHORIZED)'],
    ['403', 'The key lacks the scope or the customer (FORBIDDEN)'],
    ['404', 'Not found, or not yours (NOT_FOUND)'],
  ].map(([status, description]) => [
    status,
    { description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } },
  ]),
)
const json = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } })
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }
const ok = (description: string, type = 'application/json') => ({ description, content: { [type]: {} } })

export function openApiDocument(serverUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Glam API',
      version: '1',
      description:
        'Shortlinks, click statistics and jobs. Authenticate with `Authorization: Bearer <API key>` (in development `glam_dev_admin`). A customer-scoped key sees its own customer only. Lists are paginated with `limit` (at most 100) and `cursor`.',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }],
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer', description: 'A Glam API key' } },
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
