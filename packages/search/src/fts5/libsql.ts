/**
 * The index's SQLite database in a container (Node, Deno) through `libsql`'s synchronous,
 * better-sqlite3-style API: statements prepared once and cached, a row statement run per row
 * inside the transaction (no JSON to parse, no multi-row statements to build), reads as plain
 * objects. Kept apart from sql.ts so the worker bundle never pulls in the driver.
 */
import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { Worker } from 'node:worker_threads'
import Database from 'libsql'
import type { SqlExecutor, SqlRow, SqlValue, Statement } from './sql.ts'

type Prepared = ReturnType<InstanceType<typeof Database>['prepare']>

// WAL: searches read beside the writer; NORMAL sync: an index can be rebuilt, it is not the record.
const pragmas = [
  'PRAGMA journal_mode = WAL',
  'PRAGMA busy_timeout = 10000',
  'PRAGMA synchronous = NORMAL',
  'PRAGMA cache_size = -65536',
  'PRAGMA temp_store = MEMORY',
]

/**
 * Write batches on a thread of their own (writer.worker.mjs), in the order they were asked. A
 * thread that dies (it failed to open the file, crashed or was stopped) fails the batches it
 * held, never leaves them waiting; the next batch starts a new one.
 */
function writerThread(path: string) {
  type Waiting = { resolve: (rows: SqlRow[][]) => void; reject: (error: Error) => void }
  let next = 0
  let closed = false
  let current: { worker: Worker; waiting: Map<number, Waiting> } | undefined
  const start = () => {
    const worker = new Worker(new URL('./writer.worker.mjs', import.meta.url), {
      workerData: { path, pragmas },
    })
    worker.unref()
    const waiting = new Map<number, Waiting>()
    const thread = { worker, waiting }
    const fail = (error: Error) => {
      if (current === thread) current = undefined
      for (const w of waiting.values()) w.reject(error)
      waiting.clear()
    }
    worker.on(
      'message',
      (m: { id: number; ok: boolean; results?: SqlRow[][]; message?: string; code?: string }) => {
        const w = waiting.get(m.id)
        waiting.delete(m.id)
        if (!w) return
        if (m.ok) w.resolve(m.results ?? [])
        else w.reject(Object.assign(new Error(m.message), { code: m.code }))
      },
    )
    worker.on('error', (error) =>
      fail(Object.assign(new Error(`The search index's writer failed: ${error.message}`), { cause: error })),
    )
    worker.on('exit', (code) => fail(new Error(`The search index's writer stopped (exit code ${code}).`)))
    return thread
  }
  const send = (message: object) =>
    new Promise<SqlRow[][]>((resolve, reject) => {
      if (closed) return reject(new Error('The search index is closed.'))
      current ??= start()
      const id = next++
      current.waiting.set(id, { resolve, reject })
      current.worker.postMessage({ id, ...message })
    })
  return {
    batch: (statements: readonly Statement[]) => send({ statements }),
    async close() {
      const thread = current
      if (closed) return
      if (thread) await send({ close: true }).catch(() => undefined)
      closed = true
      await thread?.worker.terminate()
    },
    /** The running thread (tests stop it to see the next batch start another). */
    get thread() {
      return current?.worker
    },
  }
}

/**
 * Opens the index database: `file:…` (made with its folder) or `:memory:`. A file's write
 * batches go to a writer thread (`writer: 'thread'`, the default for files), so a reindex
 * analyses the next page while the last one is written; `:memory:` is one connection's, so it
 * writes inline.
 */
export async function openLibsql(
  url: string,
  options: { writer?: 'thread' | 'inline' } = {},
): Promise<SqlExecutor & { writer?: { readonly thread: Worker | undefined } | undefined }> {
  const memory = url === ':memory:' || url.includes(':memory:')
  const path = memory ? ':memory:' : url.replace(/^file:(\/\/)?/, '')
  if (!memory) mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  for (const pragma of pragmas) db.exec(pragma)
  const writer = !memory && (options.writer ?? 'thread') === 'thread' ? writerThread(path) : undefined
  const cache = new Map<string, Prepared>()
  const prepare = (sql: string) => {
    let st = cache.get(sql)
    if (!st) {
      if (cache.size > 500) cache.clear()
      st = db.prepare(sql)
      cache.set(sql, st)
    }
    return st
  }
  const run = (s: Statement): SqlRow[] => {
    const st = prepare(s.sql)
    if (s.rows) {
      for (const row of s.rows) st.run(row as never)
      return []
    }
    const args = (s.args ?? []) as SqlValue[]
    if (st.reader) return st.all(args as never) as SqlRow[]
    st.run(args as never)
    return []
  }
  let open = true
  return {
    adapter: 'fts5-libsql',
    writer,
    async query(sql, args = []) {
      return run({ sql, args })
    },
    async batch(statements, mode) {
      if (mode === 'write' && writer) return writer.batch(statements)
      const all = db.transaction(() => statements.map(run))
      return mode === 'write' ? all.immediate() : all.deferred()
    },
    async close() {
      if (!open) return
      open = false
      await writer?.close()
      cache.clear()
      db.close()
    },
  }
}
