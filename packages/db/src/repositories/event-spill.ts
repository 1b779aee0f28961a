import { asc, eq, inArray, sql } from 'drizzle-orm'
import { newId } from '../ids.ts'
import type { RepoContext } from './context.ts'

export type SpilledBatch = RepoContext['database']['t']['eventSpill']['$inferSelect']

/** The durable side of the events writer: batches wait here while ClickHouse is unreachable. */
export function eventSpillRepository({ database, now }: RepoContext) {
  const { db, t } = database
  return {
    /** Resolves once the batch is stored: from then on it survives a crash of this process. */
    async put(eventTable: string, events: Record<string, unknown>[], oldestAt: Date): Promise<string> {
      const id = newId()
      await db
        .insert(t.eventSpill)
        .values({ id, eventTable, events: events.length, payload: events, oldestAt, createdAt: now() })
      return id
    },
    async oldest(limit: number): Promise<SpilledBatch[]> {
      return db.select().from(t.eventSpill).orderBy(asc(t.eventSpill.id)).limit(limit)
    },
    async remove(ids: readonly string[]) {
      if (ids.length > 0) await db.delete(t.eventSpill).where(inArray(t.eventSpill.id, [...ids]))
    },
    async removeOne(id: string) {
      await db.delete(t.eventSpill).where(eq(t.eventSpill.id, id))
    },
    async stats(): Promise<{ batches: number; events: number; oldestAt: Date | null }> {
      const [row] = await db
        .select({
          batches: sql<number>`count(*)`,
          events: sql<number>`coalesce(sum(${t.eventSpill.events}), 0)`,
          oldest: sql<unknown>`min(${t.eventSpill.oldestAt})`,
        })
        .from(t.eventSpill)
      const oldest = row?.oldest
      const oldestAt =
        oldest == null
          ? null
          : oldest instanceof Date
            ? oldest
            : typeof oldest === 'number'
              ? new Date(oldest)
              : new Date(`${String(oldest).replace(' ', 'T')}Z`)
      return { batches: Number(row?.batches ?? 0), events: Number(row?.events ?? 0), oldestAt }
    },
  }
}
