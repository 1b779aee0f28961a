/**
 * `GET /api/links/:id/qr.png?size=256|512|1024`: PNG QR codes, rendered in Node and Deno
 * containers (qrcode's PNG renderer needs Node streams). Mounted with the container-only routes.
 */
import { canSee, requireCaller } from '@glam/auth'
import { type AppEnv, GlamError, validationHook } from '@glam/core'
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
