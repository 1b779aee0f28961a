/** The jobs function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, type OpenApiPaths, ok } from '@glam/core'

export const jobsOpenapi: OpenApiPaths = {
  '/api/jobs': {
    get: {
      summary: 'Jobs with schedule, next tick and last run (platform-wide key)',
      responses: { 200: ok('`{ items }`'), ...errorResponses },
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
      responses: { 200: ok('A page of runs'), ...errorResponses },
    },
  },
}
