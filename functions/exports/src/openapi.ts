/** The exports function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, idParam, type OpenApiPaths, ok } from '@glam/core'

export const exportsOpenapi: OpenApiPaths = {
  '/api/exports/campaigns/{id}/orders.csv': {
    get: {
      summary: "A campaign's orders with their lines (CSV, streamed)",
      parameters: [idParam],
      responses: { 200: ok('CSV, one row per order line', 'text/csv'), ...errorResponses },
    },
  },
}
