/**
 * @module @glam/search/fts5
 * The SQLite FTS5 engine of the search port, on libsql (Node, Deno) or D1 (the edge).
 *
 * ```ts
 * const search = await createFts5Search({ executor: await openLibsql(':memory:') })
 * ```
 */
export { priceRanges } from './aggregate.ts'
export { createFts5Search, type Fts5Options } from './engine.ts'
export { numericId } from './ids.ts'
export { lazySearch } from './lazy.ts'
export { type D1Like, d1Executor, expandRows, type SqlExecutor } from './sql.ts'
export { osaDistance, Vocabulary } from './typos.ts'
