/**
 * `GET /api/links/:id/qr.png?size=256|512|1024`: PNG QR codes, rendered in Node and Deno
 * containers (qrcode's PNG renderer needs Node streams). Mounted with the container-only routes.
 */
import { canSee, requireCaller } from '@glam/auth'
import {
  type AppEnv,
  defineFunction,
  errorResponses,
  GlamError,
  idParam,
  type OpenApiPaths,
  ok,
  validationHook,
} from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import QRCode from 'qrcode'
import { z } from 'zod'
import { qrOptions } from './qr.ts'

const qrQuery = z.strictObject({
  size: z.coerce
    .number()
    .pipe(z.union([z.literal(256), z.literal(512), z.literal(1024)]))
    .default(512),
})

export function createQrPngApp() {
  return new Hono<AppEnv>().get(
    '/:id/qr.png',
    requireCaller('links:read'),
    zValidator('query', qrQuery, validationHook),
    async (c) => {
      const link = await repositoriesOf(c.var.platform).links.get(c.req.param('id'))
      const principal = c.var.principal!
      if (!link || !canSee(principal, link)) {
        throw new GlamError('NOT_FOUND', 'No link with this id.')
      }
      const png = await QRCode.toBuffer(`${c.var.platform.config.publicUrl}/${link.slug}`, {
        ...qrOptions,
        type: 'png',
        width: c.req.valid('query').size,
      })
      return c.body(new Uint8Array(png), 200, {
        'Content-Type': 'image/png',
        'Cache-Control': 'private, max-age=3600',
      })
    },
  )
}

/** The PNG route's OpenAPI path (its manifest's `openapi`): documented where it is mounted. */
export const linksQrPngOpenapi: OpenApiPaths = {
  '/api/links/{id}/qr.png': {
    get: {
      summary: 'QR code (PNG, containers only)',
      parameters: [idParam, { name: 'size', in: 'query', schema: { enum: [256, 512, 1024], default: 512 } }],
      responses: { 200: ok('PNG', 'image/png'), ...errorResponses },
    },
  },
}

/** PNG QR codes: container-only routes under the links function's claim. */
export const linksQrPngFunction = defineFunction({
  name: 'links-qr-png',
  description: 'PNG QR codes at `/api/links/:id/qr.png` (containers: qrcode needs Node streams).',
  mounts: [{ path: '/api/links', app: () => createQrPngApp() }],
  claims: ['/api/links/{id}/qr.png'],
  partOf: 'links',
  runtimes: ['container'],
  openapi: linksQrPngOpenapi,
})
