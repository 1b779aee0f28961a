import type { SqlDatabase } from '../database.ts'

/** What every repository is built from. */
export interface RepoContext {
  database: SqlDatabase
  now: () => Date
  /** For sealing stored secrets (shop signing secrets). */
  masterKey: string
}

export interface Page<T> {
  items: T[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  nextCursor: string | null
}

export const maxPageSize = 100

/** Page size within 1..100 (every list endpoint is capped). */
export const pageSize = (limit?: number) => Math.min(maxPageSize, Math.max(1, Math.floor(limit ?? 50)))

/** Ids are UUIDv7, so ordering by id is ordering by creation; fetch one more to know if a page follows. */
export function toPage<T extends { id: string }>(rows: T[], size: number): Page<T> {
  const items = rows.slice(0, size)
  return { items, nextCursor: rows.length > size ? items[items.length - 1]!.id : null }
}

/** True for a unique-key violation on either engine. */
export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string; cause?: unknown }
  if (e?.code === 'ER_DUP_ENTRY' || e?.errno === 1062) return true
  if (typeof e?.message === 'string' && /UNIQUE constraint failed|Duplicate entry/i.test(e.message))
    return true
  return e?.cause ? isUniqueViolation(e.cause) : false
}
