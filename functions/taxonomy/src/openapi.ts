/** The taxonomy function's OpenAPI paths (its manifest's `openapi`), from the handlers' zod schemas. */
import { errorResponses, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { mappingInput, mappingKey, mappingsQuery, unmappedQuery } from './mappings.ts'
import { searchQuery } from './taxonomy.ts'

const category = '{ id, parentId, depth, nameEn, pathEn, nameDe, pathDe }'

export const taxonomyOpenapi: OpenApiPaths = {
  '/api/taxonomy': {
    get: {
      summary:
        "Search Google's product taxonomy (English or German): categories whose path contains `q`, name matches first; the top level without `q`",
      parameters: queryParameters(searchQuery),
      responses: { 200: ok(`{ version, items: [${category}] }`), ...errorResponses },
    },
  },
  '/api/taxonomy/{id}': {
    get: {
      summary: 'A taxonomy category with its ancestors (top first) and children',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer', examples: [2683] } }],
      responses: { 200: ok(`${category} with ancestors and children`), ...errorResponses },
    },
  },
  '/api/category-mappings': {
    get: {
      summary: "A shop's category mappings: its own category texts and the taxonomy ids they stand for",
      parameters: queryParameters(mappingsQuery),
      responses: {
        200: ok('{ items: [{ category, taxonomyId, pathEn, pathDe, updatedAt }] }'),
        ...errorResponses,
      },
    },
    put: {
      summary:
        "Map a shop's category text (a product type or a Google category it writes) to a taxonomy id (staff); its products are placed again at once",
      requestBody: jsonRequestBody(mappingInput),
      responses: {
        200: ok(
          '{ shopId, category, taxonomyId, pathEn, pathDe, remapped }: remapped products changed place',
        ),
        ...errorResponses,
      },
    },
    delete: {
      summary:
        'Remove a mapping (staff); its products keep a place only where their Google category resolves by itself',
      requestBody: jsonRequestBody(mappingKey),
      responses: { 200: ok('{ shopId, category, remapped }'), ...errorResponses },
    },
  },
  '/api/category-mappings/unmapped': {
    get: {
      summary:
        "The category texts of a shop's active products that have no taxonomy place, with how many products each",
      parameters: queryParameters(unmappedQuery),
      responses: {
        200: ok("{ items: [{ category, field: 'productType' | 'category', products }] }"),
        ...errorResponses,
      },
    },
  },
}
