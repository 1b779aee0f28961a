import { and, desc, eq, gt, isNull, lt, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type LoginCode = RepoContext['database']['t']['loginCodes']['$inferSelect']

/**
 * One-time login codes. Callers pass keyed hashes only (the e-mail's and the code's); this
 * repository never sees either in clear. Every rule that must hold under concurrency
 * (tries per code, single use) is one conditional UPDATE, so two racing requests cannot both win.
 */
export function loginCodesRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  return {
    /** Stores a new code and retires every earlier open code for the e-mail: only the newest works. */
    async issue(input: {
      emailKey: string
      codeHash: string
      app: string
      returnTo: string | null
      ttlMs: number
    }) {
      const at = now()
      const id = newId()
      await ops.atomic((tx) => [
        tx
          .update(t.loginCodes)
          .set({ consumedAt: at })
          .where(and(eq(t.loginCodes.emailKey, input.emailKey), isNull(t.loginCodes.consumedAt))),
        tx.insert(t.loginCodes).values({
          id,
          emailKey: input.emailKey,
          codeHash: input.codeHash,
          app: input.app,
          returnTo: input.returnTo,
          attempts: 0,
          expiresAt: new Date(at.getTime() + input.ttlMs),
          consumedAt: null,
          createdAt: at,
        }),
      ])
      return id
    },
    /** The newest code for the e-mail that is neither used nor expired. */
    async current(emailKey: string): Promise<LoginCode | null> {
      const [row] = await db
        .select()
        .from(t.loginCodes)
        .where(
          and(
            eq(t.loginCodes.emailKey, emailKey),
            isNull(t.loginCodes.consumedAt),
            gt(t.loginCodes.expiresAt, now()),
          ),
        )
        .orderBy(desc(t.loginCodes.createdAt), desc(t.loginCodes.id))
        .limit(1)
      return row ?? null
    },
    /** Takes one try from the code; false when the code has no tries left (or is gone). */
    async takeAttempt(id: string, maxAttempts: number): Promise<boolean> {
      const result = await db
        .update(t.loginCodes)
        .set({ attempts: sql`${t.loginCodes.attempts} + 1` })
        .where(
          and(
            eq(t.loginCodes.id, id),
            isNull(t.loginCodes.consumedAt),
            lt(t.loginCodes.attempts, maxAttempts),
          ),
        )
      return ops.affectedRows(result) === 1
    },
    /** Marks the code used; true for exactly one caller. */
    async consume(id: string): Promise<boolean> {
      const result = await db
        .update(t.loginCodes)
        .set({ consumedAt: now() })
        .where(and(eq(t.loginCodes.id, id), isNull(t.loginCodes.consumedAt)))
      return ops.affectedRows(result) === 1
    },
    /** Deletes codes that expired before `before` (housekeeping job). */
    async purgeExpired(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.loginCodes).where(lt(t.loginCodes.expiresAt, before)))
    },
  }
}
