/** The assets function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, idParam, type OpenApiPaths, ok } from '@glam/core'

const typeParam = {
  name: 'type',
  in: 'query',
  schema: { type: 'string' },
  description:
    'Asset type (avatar, campaign-image, product-photo, briefing, story-insight, b2b-drawing, feed)',
}
const fileParam = {
  name: 'file',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[0-9a-f]{64}\\.[a-z0-9]{1,8}$' },
}

const refusals = {
  400: { description: 'UNKNOWN_ASSET_TYPE or VALIDATION_FAILED' },
  403: { description: 'FORBIDDEN: the role may not upload this type' },
  413: { description: 'PAYLOAD_TOO_LARGE, refused while streaming' },
  415: {
    description: 'UNSUPPORTED_MEDIA_TYPE: the bytes are not an accepted format (sniffed, never trusted)',
  },
  422: { description: 'INVALID_IMAGE / INVALID_DOCUMENT: truncated or undecodable' },
}

export const assetsOpenapi: OpenApiPaths = {
  '/api/assets': {
    get: {
      summary: 'List assets',
      description: 'Newest first, what the caller may read; filter by type, app and owner (uploader id).',
      parameters: [
        typeParam,
        { name: 'app', in: 'query', schema: { type: 'string' } },
        { name: 'owner', in: 'query', schema: { type: 'string' } },
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
      ],
      responses: { 200: ok('`{ items, nextCursor }`'), ...errorResponses },
    },
    post: {
      summary: 'Upload an asset',
      description:
        'Multipart (`type`, optional `name`, then `file`) or a raw body with `?type=&name=`. Streamed; stored once by SHA-256. Answers `{ id, sha256, type, contentType, size, width?, height?, pages?, placeholder?, url, createdAt }`.',
      parameters: [typeParam, { name: 'name', in: 'query', schema: { type: 'string' } }],
      requestBody: {
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              properties: {
                type: { type: 'string' },
                name: { type: 'string' },
                file: { type: 'string', format: 'binary' },
              },
              required: ['type', 'file'],
            },
          },
          'application/octet-stream': { schema: { type: 'string', format: 'binary' } },
        },
      },
      responses: { 201: ok('The asset'), ...refusals, ...errorResponses },
    },
  },
  '/api/assets/tus': {
    post: {
      summary: 'Start a resumable upload (tus 1.0)',
      description:
        '`Upload-Length` and `Upload-Metadata` (`type`, `name`); then PATCH the bytes to the `Location`. The final PATCH answers `Glam-Asset-Id` and `Glam-Asset-Url`.',
      responses: {
        201: { description: 'Created; `Location` is the upload' },
        ...refusals,
        ...errorResponses,
      },
    },
  },
  '/api/assets/tus/{id}': {
    head: {
      summary: 'The offset of a resumable upload (tus 1.0)',
      parameters: [idParam],
      responses: {
        200: { description: '`Upload-Offset`, `Upload-Length`; complete uploads also `Glam-Asset-Id`' },
        ...errorResponses,
      },
    },
    get: {
      summary: 'Not part of tus: answers 405 (HEAD is the offset)',
      parameters: [idParam],
      responses: { 405: { description: 'METHOD_NOT_ALLOWED' } },
    },
    patch: {
      summary: 'Append bytes at `Upload-Offset` (`application/offset+octet-stream`)',
      parameters: [idParam],
      responses: {
        204: { description: 'Stored; the last PATCH also answers `Glam-Asset-Id` and `Glam-Asset-Url`' },
        409: { description: 'CONFLICT: `Upload-Offset` is not the stored offset' },
        ...refusals,
        ...errorResponses,
      },
    },
    delete: {
      summary: 'Abandon a resumable upload (tus termination)',
      parameters: [idParam],
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    },
  },
  '/api/assets/types': {
    get: {
      summary: 'The asset types and their default rules',
      responses: { 200: ok('`{ types }`'), ...errorResponses },
    },
  },
  '/api/assets/rules/{app}/{type}': {
    put: {
      summary: "Override a type's rule for an app (platform callers)",
      parameters: [
        { name: 'app', in: 'path', required: true, schema: { type: 'string' } },
        { name: 'type', in: 'path', required: true, schema: { type: 'string' } },
      ],
      responses: { 200: ok('`{ rule }`: the merged rule'), ...errorResponses },
    },
  },
  '/api/assets/{id}': {
    get: {
      summary: 'One asset, with the URL of its original (signed and expiring when private)',
      parameters: [idParam],
      responses: { 200: ok('The asset'), ...errorResponses },
    },
    delete: {
      summary: 'Delete an asset (its blob too, when nothing else references it)',
      parameters: [idParam],
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    },
  },
  '/a/{file}': {
    get: {
      summary: 'An original, by content (`<sha256>.<ext>`)',
      description:
        'Immutable, strong ETag, Range (206/416), If-None-Match (304). Private ones need `?exp=&sig=` or a session allowed to read them; otherwise 404.',
      parameters: [fileParam],
      responses: {
        200: ok('The bytes', 'application/octet-stream'),
        206: { description: 'Partial content' },
        304: { description: 'Not modified' },
        404: { description: 'Unknown, or private without access' },
        416: { description: 'Range not satisfiable' },
      },
    },
  },
}
