import { lt } from 'drizzle-orm'
import { isUniqueViolation, type RepoContext } from './context.ts'

/** One-time keys (accepted request signatures): the first claim wins, every repeat is refused. */
export function replayGuardRepository({ database }: RepoContext) {
  const { db, t, ops } = database
  return {
    /**
     * True for the first caller with this key, false for every later one (also across processes).
     * A plain insert and the unique key decide: on MySQL an upsert's affected rows cannot tell a
     * new row from a duplicate (mysql2 reports found rows).
     */
    async claim(key: string, expiresAt: Date): Promise<boolean> {
      try {
        await db.insert(t.replayGuard).values({ key, expiresAt })
        return true
      } catch (err) {
        if (isUniqueViolation(err)) return false
        throw err
      }
    },
    async purgeExpired(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.replayGuard).where(lt(t.replayGuard.expiresAt, before)))
    },
  }
}
