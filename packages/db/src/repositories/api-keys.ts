import { randomToken, sha256Hex } from '@glam/core'
import { eq } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type ApiKey = RepoContext['database']['t']['apiKeys']['$inferSelect']

/** Keys are `glam_` + 40 base62 characters (238 bits): hashed with plain SHA-256, like any high-entropy token. */
export const newApiKey = () => `glam_${randomToken(40)}`

export function apiKeysRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
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
    async revoke(id: string) {
      await db.update(t.apiKeys).set({ revokedAt: now() }).where(eq(t.apiKeys.id, id))
    },
    async touch(id: string) {
      await db.update(t.apiKeys).set({ lastUsedAt: now() }).where(eq(t.apiKeys.id, id))
    },
  }
}
