/**
 * The little the FTS5 engine needs of SQLite: statements with bound values, and a batch that
 * runs in one transaction (a read batch sees one snapshot). A statement may carry `rows`: the
 * same statement for each row (an import's inserts), which an adapter runs prepared once
 * (libsql.ts) or as multi-row VALUES within its bound-parameter limit (D1). Two adapters:
 * libsql in containers (Node, Deno), Cloudflare D1 on the edge.
 */
export type SqlValue = string | number | null
export type SqlRow = Record<string, SqlValue>

export interface Statement {
  sql: string
  args?: readonly SqlValue[]
  /** Run once per row (the statement's placeholders take one row each). */
  rows?: readonly (readonly SqlValue[])[]
}

export interface SqlExecutor {
  readonly adapter: string
  query(sql: string, args?: readonly SqlValue[]): Promise<SqlRow[]>
  /** Every statement in one transaction; each one's rows. */
  batch(statements: readonly Statement[], mode: 'read' | 'write'): Promise<SqlRow[][]>
  close(): Promise<void>
}

/**
 * A row statement as plain statements: an `INSERT … VALUES (…)` as multi-row VALUES of at most
 * `maxParams` bound values each, anything else once per row.
 */
export function expandRows(s: Statement, maxParams: number): Statement[] {
  if (!s.rows) return [s]
  if (!s.rows.length) return []
  const tuple = /\bVALUES\s*(\((?:[^()]|\([^()]*\))*\))/i.exec(s.sql)
  if (!tuple || !/^\s*INSERT\b/i.test(s.sql)) return s.rows.map((args) => ({ sql: s.sql, args }))
  const perRow = s.rows[0]!.length
  const per = Math.max(1, Math.floor(maxParams / Math.max(1, perRow)))
  const out: Statement[] = []
  for (let i = 0; i < s.rows.length; i += per) {
    const rows = s.rows.slice(i, i + per)
    const values = rows.map(() => tuple[1]).join(', ')
    out.push({
      sql: `${s.sql.slice(0, tuple.index)}VALUES ${values}${s.sql.slice(tuple.index + tuple[0].length)}`,
      args: rows.flat(),
    })
  }
  return out
}

/** What the engine uses of a D1 binding. */
export interface D1Like {
  prepare(sql: string): { bind(...values: unknown[]): D1StatementLike }
  batch(statements: D1StatementLike[]): Promise<{ results?: unknown[] }[]>
}
export interface D1StatementLike {
  all(): Promise<{ results?: unknown[] }>
}

/** D1 takes at most 100 bound values a statement. */
const d1MaxParams = 100

export function d1Executor(db: D1Like): SqlExecutor {
  const prepared = (s: Statement) => db.prepare(s.sql).bind(...(s.args ?? []))
  return {
    adapter: 'fts5-d1',
    async query(sql, args = []) {
      return ((await prepared({ sql, args }).all()).results ?? []) as SqlRow[]
    },
    async batch(statements) {
      // D1 runs a batch as one transaction (its snapshot for reads); row statements expand.
      const plain = statements.flatMap((s) => expandRows(s, d1MaxParams).map((p) => ({ p, of: s })))
      const results = plain.length ? await db.batch(plain.map(({ p }) => prepared(p))) : []
      const byStatement = new Map<Statement, SqlRow[]>()
      plain.forEach(({ of }, i) => {
        const rows = (results[i]?.results ?? []) as SqlRow[]
        byStatement.set(of, [...(byStatement.get(of) ?? []), ...rows])
      })
      return statements.map((s) => byStatement.get(s) ?? [])
    },
    async close() {},
  }
}
