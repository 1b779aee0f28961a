/** The search function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, type OpenApiPaths, ok } from '@glam/core'

const filters = [
  {
    name: 'brand',
    in: 'query',
    schema: { type: 'array', items: { type: 'string' } },
    description: 'Brand names; repeat for any of several',
  },
  {
    name: 'category',
    in: 'query',
    schema: { type: 'array', items: { type: 'integer' } },
    description: 'Taxonomy ids (descendants included); repeat for any of several',
  },
  {
    name: 'price_min',
    in: 'query',
    schema: { type: 'integer', minimum: 0 },
    description: 'The price paid (sale price where there is one), minor units, inclusive',
  },
  { name: 'price_max', in: 'query', schema: { type: 'integer', minimum: 0 } },
  {
    name: 'availability',
    in: 'query',
    schema: { type: 'array', items: { enum: ['in_stock', 'out_of_stock', 'preorder', 'backorder'] } },
  },
  {
    name: 'shop',
    in: 'query',
    schema: { type: 'array', items: { type: 'string' } },
    description: 'Shop ids',
  },
  {
    name: 'include_inactive',
    in: 'query',
    schema: { type: 'boolean' },
    description:
      'Products the feeds deactivated too: staff only (a platform-wide caller with search:read; 401/403 otherwise), never cached by shared caches',
  },
  { name: 'locale', in: 'query', schema: { enum: ['de', 'en'], default: 'de' } },
]

export const searchOpenapi: OpenApiPaths = {
  '/api/search': {
    get: {
      summary: 'Search products (public, rate-limited per address): collapsed hits, total, facets',
      description:
        'German and English analysis (diacritics folded, Snowball stems, German compounds split, staff synonyms), typo tolerance (one edit from 5 letters, two from 9), the last word as a prefix. Variants (same item group or GTIN) collapse into one hit; `total` and every facet count collapsed hits, each facet ignoring its own filter.',
      parameters: [
        { name: 'q', in: 'query', schema: { type: 'string', maxLength: 200 } },
        ...filters,
        {
          name: 'sort',
          in: 'query',
          schema: { enum: ['relevance', 'price_asc', 'price_desc', 'newest'], default: 'relevance' },
        },
        {
          name: 'cursor',
          in: 'query',
          schema: { type: 'string' },
          description: '`nextCursor` of the page before',
        },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      ],
      responses: {
        200: ok('{ total, hits, facets: { brand, category, price, availability, shop }, nextCursor }'),
        ...errorResponses,
      },
    },
  },
  '/api/search/suggest': {
    get: {
      summary: 'Typeahead: products, brands and categories for what was typed so far (public, rate-limited)',
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 200 } },
        { name: 'locale', in: 'query', schema: { enum: ['de', 'en'], default: 'de' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 20, default: 5 } },
      ],
      responses: { 200: ok('{ products, brands, categories }'), ...errorResponses },
    },
  },
  '/api/search/facets/{facet}': {
    get: {
      summary:
        "A facet's values among the matches of `q`, searched by `prefix`, most frequent first (public)",
      parameters: [
        {
          name: 'facet',
          in: 'path',
          required: true,
          schema: { enum: ['brand', 'category', 'availability', 'shop'] },
        },
        { name: 'q', in: 'query', schema: { type: 'string' } },
        {
          name: 'prefix',
          in: 'query',
          schema: { type: 'string' },
          description: 'Values with a word starting with it (case and accents ignored)',
        },
        ...filters,
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } },
      ],
      responses: { 200: ok('{ facet, values: [{ value, count, id? }] }'), ...errorResponses },
    },
  },
  '/api/search/synonyms': {
    get: {
      summary: 'Synonym groups (staff, search:read)',
      parameters: [{ name: 'locale', in: 'query', schema: { enum: ['de', 'en'] } }],
      responses: { 200: ok('{ items: [{ id, locale, terms }] }'), ...errorResponses },
    },
    post: {
      summary:
        'Add a synonym group: 2–20 phrases that mean the same in a locale (staff, search:write; audited)',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: {
              type: 'object',
              required: ['locale', 'terms'],
              properties: {
                locale: { enum: ['de', 'en'] },
                terms: { type: 'array', items: { type: 'string' } },
              },
            },
          },
        },
      },
      responses: { 201: ok('The group'), ...errorResponses },
    },
  },
  '/api/search/synonyms/{id}': {
    put: {
      summary: "Replace a synonym group's phrases (staff, search:write; audited)",
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: { type: 'object', properties: { terms: { type: 'array', items: { type: 'string' } } } },
          },
        },
      },
      responses: { 200: ok('The group'), ...errorResponses },
    },
    delete: {
      summary: 'Remove a synonym group (staff, search:write; audited)',
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string', format: 'uuid' } }],
      responses: { 200: ok('The group removed'), ...errorResponses },
    },
  },
  '/api/search/status': {
    get: {
      summary:
        'The index: documents, active ones, the watermark of the incremental update (staff, search:read)',
      responses: {
        200: ok('{ adapter, documents, active, watermark, watermarkAt, health }'),
        ...errorResponses,
      },
    },
  },
  '/api/search/sync': {
    post: {
      summary: 'Bring the index up to the catalogue now (staff, search:write)',
      responses: { 200: ok('{ indexed, active, inactive, ms, watermark }'), ...errorResponses },
    },
  },
}
