/** The newsletter function's OpenAPI paths (its manifest's `openapi`). */
import { errorResponses, jsonRequestBody, type OpenApiPaths, ok, queryParameters } from '@glam/core'
import { sendInput } from './sends.ts'
import { subscribeInput } from './subscribe.ts'
import { suppressionInput, suppressionListQuery } from './suppressions.ts'

const suppression =
  '{ email, reason: "bounced"|"complained"|"unsubscribed"|"manual", detail, source: "mailgun"|"staff", eventId, createdAt }'
const send =
  '{ id, list, subject, status: "queued"|"sending"|"sent"|"failed", total, sent, skipped, failed, pending, links: [{ url, slug }], error, createdAt, startedAt, finishedAt }'
const emailPath = [{ name: 'email', in: 'path' as const, required: true, schema: { type: 'string' } }]
const idPath = [{ name: 'id', in: 'path' as const, required: true, schema: { type: 'string' } }]

export const newsletterOpenapi: OpenApiPaths = {
  '/webhooks/mailgun': {
    post: {
      summary: "Mailgun's webhooks (JSON): delivered, failed, complained, unsubscribed, opened, clicked",
      description:
        'Signed with the webhook signing key (HMAC-SHA256 of timestamp + token). 401 for a signature that does not match, a timestamp more than 5 minutes off, or a token seen before. A permanent failure, a complaint or an unsubscribe puts the address on the suppression list; an event id seen before is answered 200 `{ action: "duplicate" }`.',
      responses: {
        200: ok('{ ok: true, action: "suppressed"|"already_suppressed"|"recorded"|"duplicate"|"ignored" }'),
        ...errorResponses,
      },
    },
  },
  '/api/mail/suppressions': {
    get: {
      summary: 'The suppression list (staff, mail:read), by address',
      parameters: queryParameters(suppressionListQuery),
      responses: { 200: ok(`{ items: [${suppression}], nextCursor }`), ...errorResponses },
    },
    post: {
      summary: 'Suppress an address by hand (staff, mail:write)',
      requestBody: jsonRequestBody(suppressionInput),
      responses: { 201: ok(suppression), 200: ok(suppression), ...errorResponses },
    },
  },
  '/api/mail/suppressions/{email}': {
    get: {
      summary: 'One suppressed address with its recent mail events (staff, mail:read)',
      parameters: emailPath,
      responses: { 200: ok(`${suppression} & { events: [...] }`), ...errorResponses },
    },
    delete: {
      summary: 'Lift a suppression (staff, mail:write); audited',
      parameters: emailPath,
      responses: { 204: { description: 'Lifted' }, ...errorResponses },
    },
  },
  '/api/newsletter/subscribe': {
    post: {
      summary: 'Sign up for a newsletter list (double opt-in): 202 alike for every address',
      description:
        'A confirmation link is mailed (valid GLAM_NEWSLETTER_CONFIRM_DAYS days; a new one replaces the old). Rate-limited per client address and per e-mail address.',
      requestBody: jsonRequestBody(subscribeInput),
      responses: { 202: ok('{ status: "accepted", message }'), ...errorResponses },
    },
  },
  '/api/newsletter/lists': {
    get: {
      summary: 'The newsletter lists',
      responses: { 200: ok('{ items: [{ id, name, locale }] }'), ...errorResponses },
    },
  },
  '/api/newsletter/sends': {
    post: {
      summary: 'Send a newsletter issue to a list (staff, newsletter:write)',
      description:
        'The body is Markdown (raw HTML is not rendered); each http(s) link becomes a tracked shortlink with channel `newsletter`. Rendered per recipient in their language, sent in Mailgun batches; suppressed addresses are skipped.',
      requestBody: jsonRequestBody(sendInput),
      responses: { 202: ok(send), ...errorResponses },
    },
  },
  '/api/newsletter/sends/{id}': {
    get: {
      summary: "A send's progress (staff, newsletter:read)",
      parameters: idPath,
      responses: { 200: ok(send), ...errorResponses },
    },
  },
  '/api/newsletter/sends/{id}/recipients': {
    get: {
      summary: 'The record per recipient of a send (first 1,000)',
      parameters: idPath,
      responses: {
        200: ok(
          '{ items: [{ email, locale, status: "pending"|"sent"|"skipped"|"failed", messageId, error, updatedAt }] }',
        ),
        ...errorResponses,
      },
    },
  },
}
