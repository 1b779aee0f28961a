/**
 * The little the FTS5 engine needs of SQLite: statements with bound values, and a batch that
 * runs in one transaction (a read batch sees one snapshot). Two adapters: libsql (Node, Deno:
 * a file or `:memory:`) and Cloudflare D1 (the edge).
 */
export type SqlValue = string | number | null
export type SqlRow = Record<string, SqlValue>

export interface Statement {
  sql: string
  args?: readonly SqlValue[]
}

export interface SqlExecutor {
  readonly adapter: string
  query(sql: string, args?: readonly SqlValue[]): Promise<SqlRow[]>
  /** Every statement in one transaction; each one's rows. */
  batch(statements: readonly Statement[], mode: 'read' | 'write'): Promise<SqlRow[][]>
  close(): Promise<void>
}

/** What the engine uses of a libsql client (`@libsql/client`'s `Client`). */
export interface LibsqlClientLike {
  execute(stmt: { sql: string; args: SqlValue[] }): Promise<{ rows: ArrayLike<unknown> }>
  batch(
    stmts: { sql: string; args: SqlValue[] }[],
    mode: 'read' | 'write',
  ): Promise<{ rows: ArrayLike<unknown> }[]>
  close(): void
}

const plain = (rows: ArrayLike<unknown>) => Array.from(rows) as SqlRow[]

export function libsqlExecutor(client: LibsqlClientLike): SqlExecutor {
  return {
    adapter: 'fts5-libsql',
    async query(sql, args = []) {
      return plain((await client.execute({ sql, args: [...args] })).rows)
    },
    async batch(statements, mode) {
      const results = await client.batch(
        statements.map((s) => ({ sql: s.sql, args: [...(s.args ?? [])] })),
        mode,
      )
      return results.map((r) => plain(r.rows))
    },
    async close() {
      client.close()
    },
  }
}

/** What the engine uses of a D1 binding. */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1StatementLike }
  batch(statements: D1StatementLike[]): Promise<{ results?: unknown[] }[]>
}
export interface D1StatementLike {
  all(): Promise<{ results?: unknown[] }>
}

export function d1Executor(db: D1Like): SqlExecutor {
  const prepared = (s: Statement) => db.prepare(s.sql).bind(...(s.args ?? []))
  return {
    adapter: 'fts5-d1',
    async query(sql, args = []) {
      return ((await prepared({ sql, args }).all()).results ?? []) as SqlRow[]
    },
    async batch(statements) {
      // D1 runs a batch as one transaction (its snapshot for reads).
      const results = await db.batch(statements.map(prepared))
      return results.map((r) => (r.results ?? []) as SqlRow[])
    },
    async close() {},
  }
}
