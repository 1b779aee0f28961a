/** The auth function's OpenAPI paths (its manifest's `openapi`): users, apps and the login flow. */
import { appInputSchema, appPatchSchema } from '@glam/auth/apps'
import { errorResponses, idParam, jsonRequestBody, type OpenApiPaths, ok, parseConfig } from '@glam/core'
import { startSchema, verifySchema } from './flow.ts'
import { createUserSchema, grantSchema } from './users.ts'

/** App schemas depend on settings (which origins are Glam's); their shape does not. */
const docsConfig = parseConfig({ GLAM_ENV: 'development' })
const appIdParam = {
  name: 'id',
  in: 'path',
  required: true,
  schema: { type: 'string', pattern: '^[a-z0-9][a-z0-9-]{0,63}$' },
}

export const authOpenapi: OpenApiPaths = {
  '/api/users': {
    get: {
      summary: 'Users with their grants, newest first (admin, staff; platform-wide callers only)',
      parameters: [
        { name: 'email', in: 'query', schema: { type: 'string' } },
        { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100 } },
        { name: 'cursor', in: 'query', schema: { type: 'string' } },
      ],
      responses: { 200: ok('`{ items, nextCursor }`'), ...errorResponses },
    },
    post: {
      summary: 'Ensure a user (admin)',
      requestBody: jsonRequestBody(createUserSchema),
      responses: { 201: ok('The user'), ...errorResponses },
    },
  },
  '/api/users/{id}': {
    get: {
      summary: 'One user with their grants (admin, staff)',
      parameters: [idParam],
      responses: { 200: ok('The user with grants'), ...errorResponses },
    },
  },
  '/api/users/{id}/grants': {
    post: {
      summary: 'Grant a role in an app (admin; audited)',
      parameters: [idParam],
      requestBody: jsonRequestBody(grantSchema),
      responses: { 201: ok('The user with grants'), ...errorResponses },
    },
    delete: {
      summary: 'Revoke a grant (admin; audited)',
      parameters: [idParam],
      requestBody: jsonRequestBody(grantSchema),
      responses: { 200: ok('The user with grants'), ...errorResponses },
    },
  },
  '/api/apps': {
    get: {
      summary: 'The apps that sign people in through Glam (admin)',
      responses: { 200: ok('`{ items }`'), ...errorResponses },
    },
    post: {
      summary: 'Register an app (admin; audited)',
      description:
        'Origins are normalised bare origins, public in production, and never Glam itself (its public URL, localhost, 127.0.0.1, [::1], GLAM_HOST_ALIASES). Open or domain sign-up needs a defaultRole that is not admin, staff, client or influencer.',
      requestBody: jsonRequestBody(appInputSchema(docsConfig)),
      responses: { 201: ok('The app'), 409: { description: 'CONFLICT: the id exists' }, ...errorResponses },
    },
  },
  '/api/apps/{id}': {
    get: {
      summary: 'One app (admin)',
      parameters: [appIdParam],
      responses: { 200: ok('The app'), ...errorResponses },
    },
    patch: {
      summary: 'Change an app (admin; audited)',
      parameters: [appIdParam],
      requestBody: jsonRequestBody(appPatchSchema(docsConfig)),
      responses: { 200: ok('The app'), ...errorResponses },
    },
  },
  '/auth/start': {
    post: {
      summary: 'Mail a one-time login code',
      description: 'Answers the same whether or not the address is known.',
      security: [],
      requestBody: jsonRequestBody(startSchema),
      responses: {
        202: ok('`{ status: code_sent, expiresIn }`'),
        429: { description: 'RATE_LIMITED' },
        ...errorResponses,
      },
    },
  },
  '/auth/verify': {
    post: {
      summary: 'Check the code; sets the session cookie',
      security: [],
      requestBody: jsonRequestBody(verifySchema),
      responses: {
        200: ok('`{ status: signed_in, user, redirectTo }`'),
        429: { description: 'RATE_LIMITED' },
        ...errorResponses,
      },
    },
  },
}
