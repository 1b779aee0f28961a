/**
 * The index's libsql database in a container (Node, Deno): kept apart from sql.ts so the worker
 * bundle never pulls in the libsql driver. The same client setup as the SQL database's
 * (@glam/db), with a larger page cache: searches read the FTS5 index hard.
 */
import { openSqliteClient } from '@glam/db/connect'
import { type LibsqlClientLike, libsqlExecutor, type SqlExecutor } from './sql.ts'

/** Opens a libsql database for the index: `file:…` (made with its folder) or `:memory:`. */
export async function openLibsql(url: string): Promise<SqlExecutor> {
  const client = await openSqliteClient(url)
  await client.execute('PRAGMA cache_size = -65536')
  await client.execute('PRAGMA temp_store = MEMORY')
  return libsqlExecutor(client as unknown as LibsqlClientLike)
}
