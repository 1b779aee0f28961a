// The ClickHouse HTTP front as its own process: `node --import tsx packages/events/src/front-main.ts`
// CHDB_PATH (data directory, one per process), CLICKHOUSE_FRONT_PORT (default 8123), on 127.0.0.1.
import { mkdirSync } from 'node:fs'
import { Session } from 'chdb'
import { createClickHouseFront } from './front.ts'

const path = process.env.CHDB_PATH ?? '.data/chdb'
const port = Number(process.env.CLICKHOUSE_FRONT_PORT ?? 8123)
mkdirSync(path, { recursive: true })
const session = new Session(path)
const log = (fields: Record<string, unknown>) =>
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'info', ...fields }))
const server = createClickHouseFront({ session, log })
server.on('error', (err) => {
  console.error(
    `clickhouse front: cannot listen on 127.0.0.1:${port}: ${(err as NodeJS.ErrnoException).code ?? err.message}`,
  )
  process.exit(1)
})
server.listen(port, '127.0.0.1', () => {
  const address = server.address()
  const actual = typeof address === 'object' && address ? address.port : port
  log({ event: 'front.listening', url: `http://127.0.0.1:${actual}`, path })
})
const stop = () =>
  server.close(() => {
    session.close()
    process.exit(0)
  })
process.on('SIGTERM', stop)
process.on('SIGINT', stop)
// Started by a Glam server over an IPC channel: when that server dies (even by SIGKILL), the
// channel closes and the front goes with it, instead of holding the port and the data directory.
if (process.connected) process.on('disconnect', stop)
