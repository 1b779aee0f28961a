/**
 * Statements prepared once per libsql connection. @libsql/client prepares every statement it runs
 * again (its `executeStmt` calls `prepare` each time), which cost a portal page's render about a
 * third of its time (the product row and the image lookup: 480 → 700 renders/s with statements
 * kept, BENCHMARKS.md "Portal pages"). The search index keeps its statements the same way
 * (packages/search/src/fts5/libsql.ts); the catalogue's connection cannot, since the client holds
 * its libsql handle privately, so the handle's class learns to keep them: `prepare` answers the
 * statement it made before for the same SQL on the same connection.
 *
 * Safe because libsql runs a statement to its end inside one synchronous call (no two callers
 * interleave on one statement), the client sets a statement's modes (`raw`, `safeIntegers`)
 * before every run, and SQLite prepares a statement again by itself when the schema changed.
 * Kept: the 256 most recent statements per connection, of at most 4 KB of SQL each (a bulk
 * insert's thousands of placeholders are prepared each time, as before).
 *
 * The client also asks a statement for its columns twice before each run (names, then types),
 * and each answer is a native call building new objects (~5% of a cold portal render): a kept
 * statement answers the second ask with the first's list, until it runs (after a schema change
 * a `select *` may have other columns, so the list is never kept across runs).
 */
const kept = Symbol('glam.preparedStatements')
const patched = Symbol('glam.statementCache')
const maxStatements = 256
const maxSqlLength = 4096

interface Preparing {
  prepare(sql: string): unknown
}

type Statement = Record<string, unknown> & { columns?: () => unknown }
const runs = ['all', 'get', 'run', 'iterate'] as const

function askColumnsOncePerRun(statement: Statement) {
  const columns = statement.columns
  if (typeof columns !== 'function') return
  let asked: unknown
  statement.columns = function (this: Statement) {
    asked ??= columns.call(this)
    return asked
  }
  for (const name of runs) {
    const run = statement[name]
    if (typeof run !== 'function') continue
    statement[name] = function (this: Statement, ...args: unknown[]) {
      asked = undefined
      return (run as (...a: unknown[]) => unknown).apply(this, args)
    }
  }
}

export function keepPreparedStatements(Database: { prototype: Preparing }): void {
  const proto = Database.prototype as Preparing & { [patched]?: true }
  if (proto[patched]) return
  const prepare = proto.prepare
  proto.prepare = function (this: Preparing & { [kept]?: Map<string, unknown> }, sql: string) {
    if (typeof sql !== 'string' || sql.length > maxSqlLength) return prepare.call(this, sql)
    let cache = this[kept]
    if (!cache) {
      cache = new Map()
      this[kept] = cache
    }
    const found = cache.get(sql)
    if (found) {
      // Most recently used last: the oldest leaves first.
      cache.delete(sql)
      cache.set(sql, found)
      return found
    }
    const statement = prepare.call(this, sql)
    askColumnsOncePerRun(statement as Statement)
    cache.set(sql, statement)
    if (cache.size > maxStatements) cache.delete(cache.keys().next().value!)
    return statement
  }
  proto[patched] = true
}
