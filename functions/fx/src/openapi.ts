/** The fx function's OpenAPI paths (its manifest's `openapi`), from the handlers' zod schemas. */
import { errorResponses, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { listRatesQuery, putRatesInput } from './fx-rates.ts'

const record = '{ day, base, quote, rate, source, updatedAt, updatedBy? }'
const pathParam = (name: string, pattern: string) => ({
  name,
  in: 'path',
  required: true,
  schema: { type: 'string', pattern },
})

export const fxOpenapi: OpenApiPaths = {
  '/api/fx-rates': {
    get: {
      summary:
        'Exchange rates by day (1 base = rate quote, the rate as decimal text), days inclusive: the last 31 days unless `from`/`to` say otherwise, at most 366. Any caller with `reports:read`; `updatedBy` only for admins and staff',
      parameters: queryParameters(listRatesQuery),
      responses: { 200: ok(`{ from, to, items: [${record}] }`), ...errorResponses },
    },
    put: {
      summary:
        'Write a batch of rates (admins and staff: `fx-rates:write`), all or nothing and idempotent: the same rate sent again changes nothing. ISO 4217 currencies, a real day, a positive decimal string of at most 12 significant digits, base ≠ quote, each day and pair once; one bad item refuses the batch (400 VALIDATION_FAILED, details `rates.<index>.<field>`). Every created or changed rate is audited',
      requestBody: jsonRequestBody(putRatesInput),
      responses: {
        200: ok('{ created, updated, unchanged, items: [{ day, base, quote, rate, source }] }'),
        ...errorResponses,
      },
    },
  },
  '/api/fx-rates/{day}/{base}/{quote}': {
    delete: {
      summary: 'Delete one rate (admins and staff), audited; 404 when there is none',
      parameters: [
        pathParam('day', '^\\d{4}-\\d{2}-\\d{2}$'),
        pathParam('base', '^[A-Z]{3}$'),
        pathParam('quote', '^[A-Z]{3}$'),
      ],
      responses: { 200: ok(record), ...errorResponses },
    },
  },
}
