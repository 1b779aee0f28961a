/** The feeds function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, idParam, type OpenApiPaths, ok } from '@glam/core'
import { productEventKinds } from './product-events.ts'

export const feedsOpenapi: OpenApiPaths = {
  '/api/feeds/validate': {
    post: {
      summary: 'Validate a product feed against the Google Merchant rules (containers; nothing is written)',
      description:
        'The body is the feed: CSV, TSV, Google Merchant RSS/Atom or other XML, JSON or NDJSON, optionally gzip or zip. The answer is the run report: outcome (IMPORTED, IMPORTED_WITH_ERRORS, FEED_REJECTED, EMPTY_FEED), feedErrors, counts, invalidByReason and the first 1,000 invalid rows with their reason codes.',
      parameters: [
        { name: 'format', in: 'query', schema: { enum: ['csv', 'tsv', 'xml', 'json', 'ndjson'] } },
        { name: 'mapping', in: 'query', schema: { enum: ['google', 'de-shop'] } },
        { name: 'recordPath', in: 'query', schema: { type: 'string' } },
        { name: 'delimiter', in: 'query', schema: { enum: [',', ';', '\t', '|'] } },
        {
          name: 'name',
          in: 'query',
          schema: { type: 'string' },
          description: 'The file name, to tell the format by',
        },
      ],
      requestBody: {
        required: true,
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      responses: { 200: ok('The feed report'), ...errorResponses },
    },
  },
  '/api/feed-runs/{id}': {
    get: {
      summary: 'A feed run: status (running, applied, held, discarded, rejected), outcome and its report',
      parameters: [idParam],
      responses: { 200: ok('The run'), ...errorResponses },
    },
  },
  '/api/feed-runs/{id}/release': {
    post: {
      summary:
        'Apply a run held for review (HELD_FOR_REVIEW): its rows are written, what it lacks deactivated (staff)',
      parameters: [idParam],
      responses: { 200: ok('The run, applied'), ...errorResponses },
    },
  },
  '/api/feed-runs/{id}/discard': {
    post: {
      summary: 'Drop a run held for review: the catalogue stays as it is (staff)',
      parameters: [idParam],
      responses: { 200: ok('The run, discarded'), ...errorResponses },
    },
  },
  '/api/products': {
    get: {
      summary: "A shop's catalogue, newest first, a page at a time",
      parameters: [
        {
          name: 'shop',
          in: 'query',
          schema: { type: 'string' },
          description: 'Required for customer-limited callers',
        },
        { name: 'sku', in: 'query', schema: { type: 'string' } },
        { name: 'status', in: 'query', schema: { enum: ['active', 'inactive'] } },
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200 } },
      ],
      responses: {
        200: ok(
          '{ items: [{ id, shopId, sku, title, brand, priceMinor, salePriceMinor, currency, availability, gtin, link, imageUrl, condition, status, category, taxonomyId }], nextCursor }',
        ),
        ...errorResponses,
      },
    },
  },
  '/api/product-events': {
    get: {
      summary:
        'What feed runs changed, newest first: price_drop, price_increase, back_in_stock, out_of_stock, inactive (gone from its feed), reactivated (ClickHouse; 503 without it)',
      parameters: [
        {
          name: 'shop',
          in: 'query',
          schema: { type: 'string' },
          description: 'Required for customer-limited callers',
        },
        {
          name: 'kind',
          in: 'query',
          schema: {
            enum: [
              'price_drop',
              'price_increase',
              'back_in_stock',
              'out_of_stock',
              'inactive',
              'reactivated',
            ],
          },
        },
        { name: 'sku', in: 'query', schema: { type: 'string' } },
        { name: 'since', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'until', in: 'query', schema: { type: 'string', format: 'date-time' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
      ],
      responses: {
        200: ok(
          '{ items: [{ id, time, kind, shopId, productId, sku, runId, feedId, currency, priceBeforeMinor, priceAfterMinor, availabilityBefore, availabilityAfter }] } (prices effective: the sale price when there is one)',
        ),
        ...errorResponses,
      },
    },
  },
  '/api/feeds': {
    get: {
      summary: "A shop's registered feeds",
      parameters: [
        {
          name: 'shop',
          in: 'query',
          schema: { type: 'string' },
          description: 'Required for customer-limited callers',
        },
      ],
      responses: { 200: ok('{ items: [feed] }'), ...errorResponses },
    },
    post: {
      summary:
        'Register a feed (staff): a URL fetched through the SSRF-safe fetch, or none for uploads; format, mapping, record path, cron schedule',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['shopId', 'name'],
              properties: {
                shopId: { type: 'string' },
                name: { type: 'string' },
                url: { type: 'string', format: 'uri' },
                format: { enum: ['csv', 'tsv', 'xml', 'json', 'ndjson'] },
                mapping: { enum: ['google', 'de-shop'] },
                recordPath: { type: 'string' },
                schedule: { type: 'string', description: 'cron, e.g. `0 */6 * * *`' },
                timezone: { type: 'string' },
              },
            },
          },
        },
      },
      responses: { 201: ok('The feed'), ...errorResponses },
    },
  },
  '/api/feeds/{id}': {
    get: { summary: 'A feed', parameters: [idParam], responses: { 200: ok('The feed'), ...errorResponses } },
  },
  '/api/feeds/{id}/runs': {
    get: {
      summary: "A feed's runs, newest first",
      parameters: [idParam],
      responses: { 200: ok('{ items: [run] }'), ...errorResponses },
    },
  },
  '/api/feeds/{id}/import': {
    post: {
      summary:
        'Run the feed now (staff): from a stored `feed` asset (`?asset=`), from the body when one is sent, else from its URL (a conditional GET)',
      parameters: [
        idParam,
        {
          name: 'asset',
          in: 'query',
          schema: { type: 'string' },
          description: 'An asset of type `feed` (POST /api/assets?type=feed) to import',
        },
      ],
      responses: { 200: ok('The run report'), ...errorResponses },
    },
  },
}
