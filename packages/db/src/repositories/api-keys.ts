import { randomToken, sha256Hex } from '@glam/core'
import { and, desc, eq, isNull, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { type Page, pageSize, type RepoContext, toPage } from './context.ts'

export type ApiKey = RepoContext['database']['t']['apiKeys']['$inferSelect']

/** Keys are `glam_` + 40 base62 characters (238 bits): hashed with plain SHA-256, like any high-entropy token. */
export const newApiKey = () => `glam_${randomToken(40)}`

export function apiKeysRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const get = async (id: string): Promise<ApiKey | null> => {
    const [row] = await db.select().from(t.apiKeys).where(eq(t.apiKeys.id, id)).limit(1)
    return row ?? null
  }
  return {
    /** Creates a key; the plaintext is returned this once and never stored. */
    async create(input: {
      id?: string
      name: string
      customerId?: string | null
      scopes: string[]
      key?: string
    }) {
      const key = input.key ?? newApiKey()
      const record: ApiKey = {
        id: input.id ?? newId(),
        name: input.name,
        keyHash: await sha256Hex(key),
        prefix: key.slice(0, 12),
        customerId: input.customerId ?? null,
        scopes: input.scopes,
        lastUsedAt: null,
        revokedAt: null,
        createdAt: now(),
      }
      await ops.insertIgnore(t.apiKeys, [record])
      return { key, apiKey: record }
    },
    /** The active key record for a presented key, or null (unknown or revoked). */
    async verify(key: string): Promise<ApiKey | null> {
      if (key.length < 8 || key.length > 200) return null
      const [row] = await db
        .select()
        .from(t.apiKeys)
        .where(eq(t.apiKeys.keyHash, await sha256Hex(key)))
        .limit(1)
      return row && !row.revokedAt ? row : null
    },
    /** A key record by id (revoked ones too), or null. */
    get,
    /** Newest first; `customerId: null` lists the platform-wide keys, omitted lists every key. */
    async list(
      filter: { customerId?: string | null; limit?: number; cursor?: string } = {},
    ): Promise<Page<ApiKey>> {
      const size = pageSize(filter.limit)
      const rows = await db
        .select()
        .from(t.apiKeys)
        .where(
          and(
            filter.customerId === null
              ? isNull(t.apiKeys.customerId)
              : filter.customerId
                ? eq(t.apiKeys.customerId, filter.customerId)
                : undefined,
            filter.cursor ? lt(t.apiKeys.id, filter.cursor) : undefined,
          ),
        )
        .orderBy(desc(t.apiKeys.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    /** Revokes once: a revoked key keeps its first `revokedAt`. True when this call revoked it. */
    async revoke(id: string): Promise<boolean> {
      const before = await get(id)
      if (!before || before.revokedAt) return false
      await db
        .update(t.apiKeys)
        .set({ revokedAt: now() })
        .where(and(eq(t.apiKeys.id, id), isNull(t.apiKeys.revokedAt)))
      return true
    },
    async touch(id: string) {
      await db.update(t.apiKeys).set({ lastUsedAt: now() }).where(eq(t.apiKeys.id, id))
    },
  }
}
