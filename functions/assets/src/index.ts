/**
 * @module @glam/assets-api
 * Uploads and their delivery: `POST /api/assets` (multipart or raw) and `/api/assets/tus` (tus 1.0,
 * resumable), the assets API, and the originals at `/a/<sha256>.<ext>`. The rules, sniffing,
 * ingest and content addressing live in @glam/assets; this function wires them to HTTP.
 */
import { assetErrors } from '@glam/assets/errors'
import { requireCaller } from '@glam/auth'
import { type AppEnv, defineFunction } from '@glam/core'
import { Hono } from 'hono'
import { createAssetsApiApp } from './api.ts'
import { createDeliveryApp } from './delivery.ts'
import { assetsGcJob } from './jobs.ts'
import { assetsOpenapi } from './openapi.ts'
import { assetSettings } from './settings.ts'
import { createTusApp, tusErrors } from './tus/index.ts'
import { acceptUpload, authorizeUpload, limitUploads } from './upload.ts'
import { assetView } from './views.ts'

export { assetView } from './views.ts'

/** tus over the same rules as a plain upload: authorised at creation, ingested at the last byte. */
function createResumableApp() {
  const tus = createTusApp({
    authorize: async (c, meta) => {
      await limitUploads(c)
      await authorizeUpload(c, { type: meta.type, name: meta.name }, meta.length)
    },
    complete: async (c, upload) => {
      const asset = await acceptUpload(c, { type: upload.type, name: upload.name }, upload.stream, {
        declaredLength: upload.length,
      })
      return { id: asset.id, url: assetView(c, asset).url }
    },
  })
  return new Hono<AppEnv>()
    .use('*', async (c, next) =>
      c.req.method === 'OPTIONS' ? next() : requireCaller('assets:write')(c, next),
    )
    .route('/', tus)
}

export const assetsFunction = defineFunction({
  name: 'assets',
  description:
    'Uploads (multipart, raw, tus), the assets API under `/api/assets`, originals at `/a/<sha256>.<ext>`.',
  mounts: [
    { path: '/api/assets/tus', app: () => createResumableApp() },
    { path: '/api/assets', app: () => createAssetsApiApp() },
    { path: '/a', app: () => createDeliveryApp() },
  ],
  claims: ['/api/assets/*', '/a/*'],
  runtimes: ['edge', 'container'],
  errors: { ...assetErrors, ...tusErrors },
  settings: assetSettings,
  jobs: [assetsGcJob],
  openapi: assetsOpenapi,
  tables: ['assets', 'asset_blobs', 'asset_rules'],
})
