/**
 * The OpenAPI 3.1 document of the REST API. Its frame (info, servers, security, the Error
 * schema) is here; its paths are the functions' manifests' `openapi` fragments (built with
 * @glam/core's OpenAPI helpers from the zod schemas the handlers validate with), assembled from
 * the function list, so the documentation cannot drift from the code.
 */
import { errorBodySchema } from '@glam/core'

type Json = Record<string, unknown>

/** `paths`: every listed function's OpenAPI path items (MountContext.openapi). */
export function openApiDocument(serverUrl: string, paths: Readonly<Record<string, unknown>> = {}): Json {
  return { ...documentFrame(serverUrl), paths: { ...paths } }
}

function documentFrame(serverUrl: string): Json {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Glam API',
      version: '1',
      description:
        'Shortlinks, shops, conversions, statistics, exports, users and jobs. Authenticate with `Authorization: Bearer <API key or token>` (in development `glam_dev_admin`) or the login session cookie (changes must then come from Glam\u2019s own pages). A client sees their own customer only, an influencer their own links and stats. Lists are paginated with `limit` (at most 100) and `cursor`. Shops\u2019 servers sign `/api/conversions` with their secret instead (see below).',
    },
    servers: [{ url: serverUrl }],
    security: [{ apiKey: [] }, { session: [] }],
    components: {
      securitySchemes: {
        apiKey: {
          type: 'http',
          scheme: 'bearer',
          description: 'A Glam API key, or a token from /auth/token',
        },
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-glam_session',
          description: 'The login session (glam_session in development)',
        },
        shopSignature: {
          type: 'apiKey',
          in: 'header',
          name: 'X-Glam-Signature',
          description:
            'v1=<hex HMAC-SHA256 of "<X-Glam-Timestamp>.<raw body>"> under the shop secret, with X-Glam-Key: pk_…; 5-minute window, each signature once',
        },
      },
      schemas: { Error: errorBodySchema },
    },
  }
}
