/** The links function's OpenAPI paths (its manifest's `openapi`); the PNG QR code is in qr-png.ts. */
import { errorResponses, idParam, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { bulkSchema, createLinkSchema, listQuery, updateLinkSchema } from './schemas.ts'

/** Naming a product (`productId`), on create and update: the 404 also covers an unknown product. */
const productErrors = {
  404: {
    ...errorResponses['404'],
    description:
      'Not found, or not visible to this caller: both answer the same (NOT_FOUND); a `productId` that is no product of a shop the caller can see (PRODUCT_NOT_FOUND)',
  },
}
const productConflict =
  "`productId` names a product of another shop than the link's, or of another customer's shop (PRODUCT_SHOP_MISMATCH)"

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
        "Custom slug (letters, digits, `-`, `_`; case-sensitive) or a generated one. Look-alikes that differ only in case come back as `warnings`. A link naming a product (`productId`) without a `shopId` takes the product's shop.",
      requestBody: jsonRequestBody(createLinkSchema(true)),
      responses: {
        201: ok('`{ link, warnings }`'),
        409: { description: `The slug is taken (CONFLICT), or ${productConflict}` },
        ...errorResponses,
        ...productErrors,
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
      description:
        'Retarget, pause, archive, reschedule, name a product (`productId`; `null` clears it). The redirect serves the change at once.',
      parameters: [idParam],
      requestBody: jsonRequestBody(updateLinkSchema(true)),
      responses: {
        200: ok('The changed link'),
        409: { description: productConflict },
        ...errorResponses,
        ...productErrors,
      },
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
