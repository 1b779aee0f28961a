import { and, desc, eq, gt, isNull, lt, ne, or } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type Session = RepoContext['database']['t']['sessions']['$inferSelect']

/** Cookie sessions, found by the SHA-256 of their token (the token itself is never stored). */
export function sessionsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const live = () => and(isNull(t.sessions.revokedAt), gt(t.sessions.expiresAt, now()))
  return {
    async create(input: {
      tokenHash: string
      userId: string
      app: string
      userAgent: string | null
      idleMs: number
      absoluteMs: number
    }): Promise<Session> {
      const at = now()
      const absolute = new Date(at.getTime() + input.absoluteMs)
      const record: Session = {
        id: newId(),
        tokenHash: input.tokenHash,
        userId: input.userId,
        app: input.app,
        userAgent: input.userAgent?.slice(0, 256) ?? null,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: new Date(Math.min(at.getTime() + input.idleMs, absolute.getTime())),
        absoluteExpiresAt: absolute,
        revokedAt: null,
      }
      await db.insert(t.sessions).values(record)
      return record
    },
    /** The live session for a token hash, or null (unknown, expired or revoked). */
    async byTokenHash(tokenHash: string): Promise<Session | null> {
      const [row] = await db
        .select()
        .from(t.sessions)
        .where(and(eq(t.sessions.tokenHash, tokenHash), live()))
        .limit(1)
      return row ?? null
    },
    /** Sliding renewal: moves the idle expiry forward, never past the absolute one. */
    async touch(session: Session, idleMs: number): Promise<Session> {
      const at = now()
      const expiresAt = new Date(Math.min(at.getTime() + idleMs, session.absoluteExpiresAt.getTime()))
      await db.update(t.sessions).set({ lastSeenAt: at, expiresAt }).where(eq(t.sessions.id, session.id))
      return { ...session, lastSeenAt: at, expiresAt }
    },
    async listLive(userId: string): Promise<Session[]> {
      return db
        .select()
        .from(t.sessions)
        .where(and(eq(t.sessions.userId, userId), live()))
        .orderBy(desc(t.sessions.lastSeenAt))
        .limit(100)
    },
    /** Revokes one of the user's sessions; false when it is not theirs or already gone. */
    async revoke(userId: string, id: string): Promise<boolean> {
      const result = await db
        .update(t.sessions)
        .set({ revokedAt: now() })
        .where(and(eq(t.sessions.id, id), eq(t.sessions.userId, userId), isNull(t.sessions.revokedAt)))
      return ops.affectedRows(result) > 0
    },
    /** Revokes every session of the user, except `keep` when given; returns how many. */
    async revokeAll(userId: string, keep?: string): Promise<number> {
      const result = await db
        .update(t.sessions)
        .set({ revokedAt: now() })
        .where(
          and(
            eq(t.sessions.userId, userId),
            isNull(t.sessions.revokedAt),
            keep ? ne(t.sessions.id, keep) : undefined,
          ),
        )
      return ops.affectedRows(result)
    },
    /** Deletes sessions that ended before `before` (housekeeping job). */
    async purgeEnded(before: Date): Promise<number> {
      const result = await db
        .delete(t.sessions)
        .where(or(lt(t.sessions.expiresAt, before), lt(t.sessions.revokedAt, before)))
      return ops.affectedRows(result)
    },
  }
}
