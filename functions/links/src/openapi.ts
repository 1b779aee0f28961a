/** The links function's OpenAPI paths (its manifest's `openapi`); the PNG QR code is in qr-png.ts. */
import { errorResponses, idParam, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { bulkSchema, createLinkSchema, listQuery, updateLinkSchema } from './schemas.ts'

export const linksOpenapi: OpenApiPaths = {
  '/api/links': {
    get: {
      summary: 'List links',
      description: 'Newest first; filter by customer, campaign, influencer, status.',
      parameters: queryParameters(listQuery),
      responses: { 200: ok('A page of links: `{ items, nextCursor }`'), ...errorResponses },
    },
    post: {
      summary: 'Create a link',
      description:
        'Custom slug (letters, digits, `-`, `_`; case-sensitive) or a generated one. Look-alikes that differ only in case come back as `warnings`.',
      requestBody: jsonRequestBody(createLinkSchema(true)),
      responses: {
        201: ok('`{ link, warnings }`'),
        409: { description: 'The slug is taken (CONFLICT)' },
        ...errorResponses,
      },
    },
  },
  '/api/links/bulk': {
    post: {
      summary: 'One link per influencer of a campaign',
      description: 'All or nothing.',
      requestBody: jsonRequestBody(bulkSchema(true)),
      responses: {
        201: ok('`{ items }`'),
        409: { description: 'A slug is taken, or the campaign has no influencers' },
        ...errorResponses,
      },
    },
  },
  '/api/links/{id}': {
    get: {
      summary: 'One link, with its short URL and QR code addresses',
      description: '`qr.png` lists PNG addresses where containers serve them; it is empty on the worker.',
      parameters: [idParam],
      responses: { 200: ok('The link'), ...errorResponses },
    },
    patch: {
      summary: 'Change a link',
      description: 'Retarget, pause, archive, reschedule. The redirect serves the change at once.',
      parameters: [idParam],
      requestBody: jsonRequestBody(updateLinkSchema(true)),
      responses: { 200: ok('The changed link'), ...errorResponses },
    },
  },
  '/api/links/{id}/qr.svg': {
    get: {
      summary: 'QR code (SVG)',
      parameters: [idParam],
      responses: { 200: ok('SVG', 'image/svg+xml'), ...errorResponses },
    },
  },
}
