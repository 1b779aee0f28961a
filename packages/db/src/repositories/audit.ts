import { and, desc, eq } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext } from './context.ts'

export type AuditEntry = RepoContext['database']['t']['auditLog']['$inferSelect']

export function auditRepository({ database, now }: RepoContext) {
  const { db, t } = database
  return {
    async record(entry: Omit<AuditEntry, 'id' | 'at'>) {
      await db.insert(t.auditLog).values({ ...entry, id: newId(), at: now() })
    },
    async forTarget(targetType: string, targetId: string, limit?: number): Promise<AuditEntry[]> {
      return db
        .select()
        .from(t.auditLog)
        .where(and(eq(t.auditLog.targetType, targetType), eq(t.auditLog.targetId, targetId)))
        .orderBy(desc(t.auditLog.id))
        .limit(pageSize(limit))
    },
  }
}
