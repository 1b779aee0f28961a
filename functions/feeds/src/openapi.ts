/** The feeds function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, type OpenApiPaths, ok } from '@glam/core'

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
}
