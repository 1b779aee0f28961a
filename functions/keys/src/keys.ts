/**
 * `/api/keys`: a customer's API keys, managed by people (session or token), never by a key.
 * - `POST /` `{ name, scopes, customerId? }`: 201 with the plaintext `key` (shown this once) and
 *   the record.
 * - `GET /?customer=&limit=&cursor=`: the keys newest first, revoked ones with `revokedAt`.
 * - `DELETE /:id`: revokes (idempotent); the key stops authenticating at once.
 * The rules (who, which customer, which scopes) live in @glam/auth/api-keys, shared with GraphQL.
 */
import { authenticate } from '@glam/auth'
import { createApiKey, keyManager, listApiKeys, revokeApiKey } from '@glam/auth/api-keys'
import { type AppEnv, cursorParam, jsonBody, validationHook, validJson } from '@glam/core'
import { zValidator } from '@hono/zod-validator'
import { type Context, Hono } from 'hono'
import { z } from 'zod'

export const createKeyInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  scopes: z.array(z.string().min(1).max(64)).min(1).max(30),
  customerId: z.uuid().nullable().optional(),
})

export const listKeysQuery = z.strictObject({
  customer: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional(),
})

const callerOf = async (c: Context<AppEnv>) => ({
  platform: c.var.platform,
  principal: await authenticate(c),
  requestId: c.var.requestId,
})

export function createKeysApp() {
  return (
    new Hono<AppEnv>()
      // Who may manage keys is settled before any input is read: a key or an influencer learns nothing.
      .use('*', async (c, next) => {
        keyManager(await callerOf(c))
        await next()
      })
      .get('/', zValidator('query', listKeysQuery, validationHook), async (c) => {
        const q = c.req.valid('query')
        const cursor = cursorParam(q.cursor)
        const page = await listApiKeys(await callerOf(c), {
          ...(q.customer && { customerId: q.customer }),
          limit: q.limit,
          ...(cursor && { cursor }),
        })
        return c.json(page)
      })
      .post('/', jsonBody(), async (c) => {
        const caller = await callerOf(c)
        const input = await validJson(c, createKeyInput)
        const created = await createApiKey(caller, input)
        c.var.log.info('keys.created', { keyId: created.apiKey.id, customerId: created.apiKey.customerId })
        return c.json(created, 201, { 'Cache-Control': 'no-store' })
      })
      .delete('/:id', async (c) => {
        const revoked = await revokeApiKey(await callerOf(c), c.req.param('id'))
        c.var.log.info('keys.revoked', { keyId: revoked.id })
        return c.json(revoked)
      })
  )
}
