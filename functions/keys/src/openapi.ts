/** The keys function's OpenAPI paths (its manifest's `openapi`), from the handlers' zod schemas. */
import { errorResponses, idParam, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { createKeyInput, listKeysQuery } from './keys.ts'

const record = '{ id, name, prefix, scopes, customerId, lastUsedAt, revokedAt, createdAt }'

export const keysOpenapi: OpenApiPaths = {
  '/api/keys': {
    get: {
      summary:
        "API keys newest first, revoked ones too (never the key itself): a client's customer's; staff name `customer`; admins may list every key",
      parameters: queryParameters(listKeysQuery),
      responses: { 200: ok(`{ items: [${record}], nextCursor }`), ...errorResponses },
    },
    post: {
      summary:
        "Create an API key (a logged-in client, staff or admin; not with an API key): a client's for its customer, with scopes it holds; staff name `customerId`; `customerId: null` makes a platform-wide key (admins). The plaintext `key` is answered this once",
      requestBody: jsonRequestBody(createKeyInput),
      responses: { 201: ok(`{ key, apiKey: ${record} }`), ...errorResponses },
    },
  },
  '/api/keys/{id}': {
    delete: {
      summary:
        'Revoke an API key (idempotent); it stops authenticating at once. Another customer’s key answers 404 like a missing one',
      parameters: [idParam],
      responses: { 200: ok(record), ...errorResponses },
    },
  },
}
