/**
 * @module tus
 * The tus 1.0 resumable upload protocol (core, creation, creation-with-upload, termination,
 * expiration) as a Hono sub-app over the platform's BlobStore. Web APIs only, so it runs on
 * workerd, Deno and Node alike (@tus/server is built on Node streams and node:http).
 *
 * ```ts
 * app.route('/api/assets/tus', createTusApp({ authorize, complete }, { maxSize: 512 * 1024 ** 2 }))
 * ```
 *
 * Each upload is an `info` blob and one blob per PATCH (`uploads.ts`). When the last byte
 * arrives the chunks are read back as one stream for `complete`, then deleted; `info` stays as
 * the receipt (asset id and url) until it expires and `purgeExpiredTusUploads` removes it
 * (`purge.ts`). A cut-off body keeps what arrived, one that runs past Upload-Length is refused
 * whole (`append.ts`); a PATCH holds a lease that makes the others answer 423 (`lease.ts`).
 */
import { type AppEnv, GlamError } from '@glam/core'
import { Hono } from 'hono'
import { append, create, status, terminate } from './handlers.ts'
import { exposeHeaders, TUS_VERSION } from './protocol.ts'
import { settingsOf, type TusOptions } from './settings.ts'
import type { C, TusHooks } from './types.ts'

export { tusErrors } from './errors.ts'
export { parseUploadMetadata } from './protocol.ts'
export { purgeExpiredTusUploads } from './purge.ts'
export type { TusOptions } from './settings.ts'
export type { TusHooks, TusUploadMeta } from './types.ts'

/** The tus endpoint, to mount at `/api/assets/tus`: POST creates, HEAD/PATCH/DELETE `/:id`. */
export function createTusApp(hooks: TusHooks, options: TusOptions = {}): Hono<AppEnv> {
  const s = settingsOf(options)
  const capabilities = (c: C) =>
    c.body(null, 204, {
      'Tus-Version': TUS_VERSION,
      'Tus-Extension': 'creation,creation-with-upload,termination,expiration',
      'Tus-Max-Size': String(s.maxSize),
    })
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      if (c.req.method !== 'OPTIONS' && c.req.header('tus-resumable') !== TUS_VERSION)
        throw new GlamError('TUS_VERSION_UNSUPPORTED', undefined, {
          headers: {
            'Tus-Version': TUS_VERSION,
            'Tus-Resumable': TUS_VERSION,
            'Access-Control-Expose-Headers': exposeHeaders(null),
          },
        })
      await next()
      c.header('Tus-Resumable', TUS_VERSION)
      c.header(
        'Access-Control-Expose-Headers',
        exposeHeaders(c.res.headers.get('access-control-expose-headers')),
      )
    })
    .options('/', capabilities)
    .options('/:id', capabilities)
    .post('/', (c) => create(c, s, hooks))
    .get('/:id', (c) => status(c, s))
    .patch('/:id', (c) => append(c, s, hooks))
    .delete('/:id', (c) => terminate(c, s))
}
