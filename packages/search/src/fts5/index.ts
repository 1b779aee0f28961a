/**
 * @module @glam/search/fts5
 * The SQLite FTS5 engine of the search port, on libsql (Node, Deno) or D1 (the edge).
 *
 * ```ts
 * const search = await createFts5Search({ executor: await openLibsql(':memory:') })
 * ```
 */
export { createFts5Search, type Fts5Options, priceRanges } from './engine.ts'
export { lazySearch } from './lazy.ts'
export { type D1Like, d1Executor, libsqlExecutor, type SqlExecutor } from './sql.ts'
export { osaDistance, typoBudget, Vocabulary } from './typos.ts'
