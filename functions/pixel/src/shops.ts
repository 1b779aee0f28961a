/**
 * `/api/shops`: shop onboarding for admins and staff (scope `shops:*`). Creating a shop or
 * rotating its secret shows the signing secret once; it is stored sealed and never shown
 * again. Every change is audited; the collect path forgets the shop's cached record at once.
 */
import { requireCaller, requirePlatformCaller } from '@glam/auth'
import { type AppEnv, cursorParam, GlamError, jsonBody, validJson, webOrigin } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { Shop } from '@glam/db/repositories/shops'
import { visibility } from '@glam/db/repositories/visibility'
import { type Context, Hono } from 'hono'
import { z } from 'zod'
import { forgetShop } from './collect.ts'

type C = Context<AppEnv>

/**
 * A shop's registered origin, normalised (`HTTPS://Shop.Example:443/` → `https://shop.example`):
 * the form browsers send in `Origin`, which /collect compares exactly. In production only https,
 * and no private, loopback or link-local hosts (the same address check as every stored URL).
 */
const originSchema = (production: boolean) =>
  z
    .string()
    .max(255)
    .pipe(webOrigin({ publicOnly: production }))
    .refine(
      (origin) => !production || origin.startsWith('https://'),
      'an https origin such as https://shop.example',
    )

const shopFields = (production: boolean) => ({
  name: z.string().trim().min(1).max(200),
  origins: z
    .array(originSchema(production))
    .min(1)
    .max(20)
    .transform((origins) => [...new Set(origins)]),
  customerId: z.uuid().nullable().optional(),
  clickParam: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/)
    .optional(),
})
export const createShopSchema = (production: boolean) => z.strictObject(shopFields(production))
export const updateShopSchema = (production: boolean) =>
  z
    .strictObject({ ...shopFields(production), status: z.enum(['active', 'paused', 'archived']) })
    .partial()
    .refine((p) => Object.keys(p).length > 0, 'change at least one field')
export const rotateShopSchema = z
  .strictObject({ publicKey: z.boolean().default(false), secret: z.boolean().default(false) })
  .refine((r) => r.publicKey || r.secret, 'rotate publicKey, secret or both')

const production = (c: C) => c.var.platform.config.env === 'production'
const audit = (c: C, action: string, shopId: string, details: Record<string, unknown> = {}) =>
  repositoriesOf(c.var.platform).audit.record({
    actorType: c.var.principal!.kind,
    actorId: c.var.principal!.id,
    action,
    targetType: 'shop',
    targetId: shopId,
    details,
    requestId: c.var.requestId,
  })

async function shopOr404(c: C): Promise<Shop> {
  const shop = await repositoriesOf(c.var.platform).shops.get(c.req.param('id') ?? '')
  if (!shop) throw new GlamError('NOT_FOUND', 'No shop with this id.')
  return shop
}

async function checkCustomer(c: C, customerId: string | null | undefined) {
  if (customerId && !(await repositoriesOf(c.var.platform).customers.get(customerId)))
    throw new GlamError('NOT_FOUND', 'No customer with this id.')
}

const snippetTag = (c: C, shop: Shop) =>
  `<script>window.glam=window.glam||function(){(glam.q=glam.q||[]).push(arguments)}</script>\n<script async src="${c.var.platform.config.publicUrl}/pixel.js" data-key="${shop.publicKey}"></script>`

export function createShopsApp() {
  return new Hono<AppEnv>()
    .get('/', requirePlatformCaller('shops:read'), async (c) => {
      const limit = Number(c.req.query('limit') ?? 50)
      if (!Number.isInteger(limit) || limit < 1 || limit > 100)
        throw new GlamError('VALIDATION_FAILED', 'limit must be 1 to 100.')
      const cursor = cursorParam(c.req.query('cursor'))
      return c.json(await repositoriesOf(c.var.platform).shops.list({ limit, ...(cursor && { cursor }) }))
    })
    .get('/:id', requireCaller('shops:read'), async (c) => {
      // A customer-limited caller's view: another customer's shop answers like a missing one.
      const shop = await visibility(repositoriesOf(c.var.platform), c.var.principal!).shop(c.req.param('id'))
      if (!shop) throw new GlamError('NOT_FOUND', 'No shop with this id.')
      return c.json({ ...shop, snippet: snippetTag(c, shop) })
    })
    .post('/', requirePlatformCaller('shops:write'), jsonBody(), async (c) => {
      const input = await validJson(c, createShopSchema(production(c)))
      await checkCustomer(c, input.customerId)
      const { shop, signingSecret } = await repositoriesOf(c.var.platform).shops.create({
        name: input.name,
        origins: input.origins,
        customerId: input.customerId ?? null,
        ...(input.clickParam && { clickParam: input.clickParam }),
      })
      await audit(c, 'shop.created', shop.id, { origins: shop.origins })
      return c.json({ shop, signingSecret, snippet: snippetTag(c, shop) }, 201, {
        'Cache-Control': 'no-store',
      })
    })
    .patch('/:id', requirePlatformCaller('shops:write'), jsonBody(), async (c) => {
      const shop = await shopOr404(c)
      const patch = await validJson(c, updateShopSchema(production(c)))
      await checkCustomer(c, patch.customerId)
      const updated = await repositoriesOf(c.var.platform).shops.update(shop.id, patch as never)
      forgetShop(c.var.platform, shop.publicKey)
      await audit(c, 'shop.updated', shop.id, { fields: Object.keys(patch) })
      return c.json(updated)
    })
    .post('/:id/rotate', requirePlatformCaller('shops:write'), jsonBody(), async (c) => {
      const shop = await shopOr404(c)
      const input = await validJson(c, rotateShopSchema)
      const { shops } = repositoriesOf(c.var.platform)
      const signingSecret = input.secret ? await shops.rotateSecret(shop.id) : undefined
      if (input.publicKey) await shops.rotatePublicKey(shop.id)
      forgetShop(c.var.platform, shop.publicKey)
      await audit(c, 'shop.rotated', shop.id, { publicKey: input.publicKey, secret: input.secret })
      const updated = (await shops.get(shop.id))!
      return c.json(
        { shop: updated, ...(signingSecret && { signingSecret }), snippet: snippetTag(c, updated) },
        200,
        { 'Cache-Control': 'no-store' },
      )
    })
}
