import { desc, eq, isNull } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

export type SigningKeyRow = RepoContext['database']['t']['signingKeys']['$inferSelect']

/** Token signing keys. The private JWK arrives sealed by the caller (AES-GCM with the master key). */
export function signingKeysRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  return {
    /** Every key that is still published: the active ones and retired ones until they expire. */
    async published(): Promise<SigningKeyRow[]> {
      const rows = await db
        .select()
        .from(t.signingKeys)
        .orderBy(desc(t.signingKeys.createdAt), desc(t.signingKeys.kid))
      const at = now().getTime()
      return rows.filter((row) => !row.expiresAt || row.expiresAt.getTime() > at)
    },
    async add(row: Omit<SigningKeyRow, 'createdAt' | 'retiredAt' | 'expiresAt'>): Promise<void> {
      await ops.insertIgnore(t.signingKeys, [{ ...row, createdAt: now(), retiredAt: null, expiresAt: null }])
    },
    /** Retires every active key but `keep`: they sign no more and drop from the JWKS at `expiresAt`. */
    async retireOthers(keep: string, expiresAt: Date): Promise<number> {
      const active = await db.select().from(t.signingKeys).where(isNull(t.signingKeys.retiredAt))
      let retired = 0
      for (const row of active) {
        if (row.kid === keep) continue
        await db
          .update(t.signingKeys)
          .set({ retiredAt: now(), expiresAt })
          .where(eq(t.signingKeys.kid, row.kid))
        retired++
      }
      return retired
    },
  }
}
