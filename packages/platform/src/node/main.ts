// Entry of the Node container: `npm start` and the container image run this file.
import { ConfigError, parseConfig, scrubString } from '@glam/core'
import { startNodeServer } from './server.ts'

let config: ReturnType<typeof parseConfig>
try {
  config = parseConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`glam: refusing to start.\n${err.message}`)
    process.exit(1)
  }
  throw err
}

const server = await startNodeServer(config).catch((err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EACCES')
    console.error(`glam: cannot listen on port ${config.port}: ${err.code}`)
  else console.error(`glam: cannot start: ${scrubString(err.message)}`)
  process.exit(1)
})
let signals = 0
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) process.exit(130) // a second Ctrl-C means now
    void server.shutdown(signal).then(() => process.exit(0))
  })
}
