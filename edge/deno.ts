// Deno entry: `deno run --allow-net --allow-env --allow-read --allow-write --allow-ffi --allow-sys edge/deno.ts`. Wiring only.
import { ConfigError, parseConfig } from '@glam/core'
import { createDenoApp } from '@glam/platform/deno'

declare const Deno: {
  env: { toObject(): Record<string, string> }
  exit(code: number): never
  serve(
    options: {
      port: number
      hostname?: string
      onListen?: (addr: { port: number; hostname: string }) => void
    },
    handler: (request: Request) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; finished: Promise<void> }
  addSignalListener(signal: 'SIGTERM' | 'SIGINT', handler: () => void): void
}

let config: ReturnType<typeof parseConfig>
try {
  config = parseConfig(Deno.env.toObject())
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(`glam: refusing to start.\n${err.message}`)
  Deno.exit(1)
}

const { app, platform } = await createDenoApp(config)
const server = Deno.serve(
  {
    port: config.port,
    ...(config.host ? { hostname: config.host } : {}),
    onListen: ({ port }) =>
      platform.logger.info('server.listening', { url: `http://localhost:${port}`, mode: config.env }),
  },
  app.fetch,
)

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  Deno.addSignalListener(signal, async () => {
    if (stopping) Deno.exit(130)
    stopping = true
    platform.logger.info('server.stopping', { reason: signal })
    await server.shutdown()
    await platform.drain(config.shutdownTimeoutMs)
    await platform.events.flush()
    platform.logger.info('server.stopped', { reason: signal })
    Deno.exit(0)
  })
}
