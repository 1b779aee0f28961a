/**
 * Helpers for a function's OpenAPI 3.1 fragment (its manifest's `openapi`): path items built from
 * the same zod schemas the handlers validate with (zod 4's JSON Schema output), so the
 * documentation cannot drift from the code. The api-docs function assembles the fragments into
 * `/api/openapi.json` and defines `#/components/schemas/Error` (errorBodySchema) once.
 *
 * ```ts
 * export const notesOpenapi: OpenApiPaths = {
 *   '/api/notes/{id}': {
 *     patch: {
 *       summary: 'Change a note',
 *       parameters: [idParam],
 *       requestBody: jsonRequestBody(updateNoteSchema),
 *       responses: { 200: ok('The changed note'), ...errorResponses },
 *     },
 *   },
 * }
 * ```
 */
import { z } from 'zod'

type Json = Record<string, unknown>

/** OpenAPI path items by path (`/api/links/{id}`). */
export type OpenApiPaths = Record<string, Json>

/** The JSON Schema of what a zod schema accepts (its input side). */
export const jsonSchemaOf = (s: z.ZodType): Json =>
  z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }) as Json

/** Query parameters from an object schema's properties. */
export function queryParameters(s: z.ZodType): Json[] {
  const json = jsonSchemaOf(s) as { properties?: Record<string, Json>; required?: string[] }
  return Object.entries(json.properties ?? {}).map(([name, property]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    schema: property,
  }))
}

/** The error answer's shape: `#/components/schemas/Error` of the document. */
export const errorBodySchema = {
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

/** The error answers every API operation can give (400, 401, 403, 404); spread into `responses`. */
export const errorResponses: Record<string, Json> = Object.fromEntries(
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

/** A required JSON request body validated by a zod schema. */
export const jsonRequestBody = (s: z.ZodType) => ({
  required: true,
  content: { 'application/json': { schema: jsonSchemaOf(s) } },
})

/** The `{id}` path parameter of a UUID-keyed resource. */
export const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }

/** A successful answer of a content type (JSON unless told). */
export const ok = (description: string, type = 'application/json') => ({
  description,
  content: { [type]: {} },
})
