import { lt } from 'drizzle-orm'
import type { RepoContext } from './context.ts'

/** One-time keys (accepted request signatures): the first claim wins, every repeat is refused. */
export function replayGuardRepository({ database }: RepoContext) {
  const { db, t, ops } = database
  return {
    /** True for the first caller with this key, false for every later one (also across processes). */
    async claim(key: string, expiresAt: Date): Promise<boolean> {
      const result = await ops.insertIgnore(t.replayGuard, [{ key, expiresAt }])
      return ops.affectedRows(result) === 1
    },
    async purgeExpired(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.replayGuard).where(lt(t.replayGuard.expiresAt, before)))
    },
  }
}
