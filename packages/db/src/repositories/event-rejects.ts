import { desc, lt } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type RejectedEvent = RepoContext['database']['t']['eventRejects']['$inferSelect']

/** Events ClickHouse refused as malformed: kept 30 days for inspection instead of being lost. */
export function eventRejectsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  return {
    async put(eventTable: string, row: Record<string, unknown>, error: string): Promise<void> {
      await db.insert(t.eventRejects).values({
        id: newId(),
        eventTable,
        eventId: String(row.id ?? '').slice(0, 128),
        error: error.slice(0, 500),
        payload: row,
        createdAt: now(),
      })
    },
    async newest(limit = 50): Promise<RejectedEvent[]> {
      return db
        .select()
        .from(t.eventRejects)
        .orderBy(desc(t.eventRejects.createdAt))
        .limit(Math.min(limit, 500))
    },
    async purgeBefore(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.eventRejects).where(lt(t.eventRejects.createdAt, before)))
    },
  }
}
