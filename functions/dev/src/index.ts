/**
 * @module @glam/dev
 * Development-only routes under `/dev`: probes for the error contract, slow and
 * background work for shutdown tests. Mounted only when `GLAM_DEBUG_ROUTES` is on,
 * which production refuses.
 */
import {
  type AppEnv,
  allErrorCodes,
  defineFunction,
  type ErrorCode,
  GlamError,
  jsonBody,
  validationHook,
} from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { z } from 'zod'
import { createMailPreviewsApp } from './mail-previews.ts'
import { createMailboxApp } from './mailbox.ts'

const echoSchema = z.strictObject({
  message: z.string().min(1).max(200),
  tags: z.array(z.string().max(40)).max(10).optional(),
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const eventsQuery = z.object({
  count: z.coerce.number().int().min(1).max(10_000).default(1),
  tag: z
    .string()
    .regex(/^[\w-]{1,40}$/)
    .default('dev'),
})
const msQuery = z.object({ ms: z.coerce.number().int().min(0).max(30_000).default(100) })

export function createDevApp() {
  return new Hono<AppEnv>()
    .post('/echo', jsonBody(), zValidator('json', echoSchema, validationHook), (c) => {
      const body = c.req.valid('json')
      return c.json({ echo: body, requestId: c.var.requestId })
    })
    .get('/errors/:code', (c) => {
      const code = c.req.param('code').toUpperCase()
      if (!(code in allErrorCodes())) throw new GlamError('NOT_FOUND', `No error code ${code}.`)
      throw new GlamError(code as ErrorCode)
    })
    .get('/crash', () => {
      // An unexpected error whose message must not leave the server.
      throw new Error('internal detail: connection string mysql://root:hunter2@db')
    })
    .get('/slow', zValidator('query', msQuery, validationHook), async (c) => {
      const { ms } = c.req.valid('query')
      await sleep(ms)
      return c.json({ slept: ms })
    })
    .post('/events', zValidator('query', eventsQuery, validationHook), (c) => {
      // Synthetic click events through the platform's writer: for fault tests and benchmarks.
      const { count, tag } = c.req.valid('query')
      const time = c.var.platform.clock.now().toISOString().replace('T', ' ').replace('Z', '')
      for (let i = 0; i < count; i++) {
        c.var.platform.events.record({
          table: 'clicks',
          id: crypto.randomUUID(),
          time,
          slug: tag,
          is_bot: false,
        })
      }
      return c.json({ recorded: count }, 202)
    })
    .post('/background', zValidator('query', msQuery, validationHook), (c) => {
      const { ms } = c.req.valid('query')
      const { background, logger } = c.var.platform
      const id = c.var.requestId
      background(sleep(ms).then(() => logger.info('dev.background.done', { id, ms })))
      return c.json({ scheduled: ms, id }, 202)
    })
}

/** Development-only routes: the outbox and error probes (never in production). */
export const devFunction = defineFunction({
  name: 'dev',
  description:
    'The development mailbox, mail previews (`/dev/mail/<template>`) and error probes under `/dev` (GLAM_DEBUG_ROUTES).',
  mounts: [
    { path: '/dev/mailbox', app: () => createMailboxApp() },
    { path: '/dev/mail', app: () => createMailPreviewsApp() },
    { path: '/dev', app: () => createDevApp() },
  ],
  claims: ['/dev/*'],
  runtimes: ['edge', 'container'],
  enabled: (config) => config.debugRoutes,
})
