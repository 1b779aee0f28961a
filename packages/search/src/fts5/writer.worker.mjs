// The index's writer thread (libsql.ts): write batches run here on a connection of their own, so
// the next page's analysis runs on the main thread meanwhile. Plain JavaScript: it is loaded by
// Node as it is, under tsx, vitest or a bundle alike.
import { parentPort, workerData } from 'node:worker_threads'
import Database from 'libsql'

const db = new Database(workerData.path)
for (const pragma of workerData.pragmas) db.exec(pragma)
const cache = new Map()
const prepare = (sql) => {
  let st = cache.get(sql)
  if (!st) {
    if (cache.size > 200) cache.clear()
    st = db.prepare(sql)
    cache.set(sql, st)
  }
  return st
}
const run = (s) => {
  const st = prepare(s.sql)
  if (s.rows) {
    for (const row of s.rows) st.run(row)
    return []
  }
  if (st.reader) return st.all(s.args ?? [])
  st.run(s.args ?? [])
  return []
}
parentPort.on('message', ({ id, statements, close }) => {
  if (close) {
    db.close()
    parentPort.postMessage({ id, ok: true, results: [] })
    return
  }
  try {
    const results = db.transaction(() => statements.map(run)).immediate()
    parentPort.postMessage({ id, ok: true, results })
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: error?.message ?? String(error), code: error?.code })
  }
})
