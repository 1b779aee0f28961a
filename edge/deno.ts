// Deno entry: `deno run --allow-net --allow-env --allow-read --allow-write --allow-ffi --allow-sys edge/deno.ts`. Wiring only.
import { ConfigError, parseConfig } from '@glam/core'
import { runJob, type Scheduler, startScheduler } from '@glam/jobs'
import { containerJobCatalogue as jobCatalogue } from '@glam/platform/container-routes'
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
  hostname(): string
  pid: number
  cron?: (name: string, schedule: string, handler: () => Promise<void>) => Promise<void>
}

let config: ReturnType<typeof parseConfig>
try {
  config = parseConfig(Deno.env.toObject())
} catch (err) {
  if (!(err instanceof ConfigError)) throw err
  console.error(`glam: refusing to start.\n${err.message}`)
  Deno.exit(1)
}

const { handler, platform } = await createDenoApp(config)
const server = Deno.serve(
  {
    port: config.port,
    ...(config.host ? { hostname: config.host } : {}),
    onListen: ({ port }) =>
      platform.logger.info('server.listening', { url: `http://localhost:${port}`, mode: config.env }),
  },
  handler,
)

// Jobs: Deno.cron where the runtime offers it (Deno Deploy, --unstable-cron), croner otherwise.
const holder = `${Deno.hostname()}:${Deno.pid}`
let scheduler: Scheduler | undefined
if (config.scheduler) {
  if (typeof Deno.cron === 'function') {
    for (const job of jobCatalogue) {
      void Deno.cron(job.name, job.schedule, async () => {
        const tick = new Date(Math.floor(Date.now() / 60_000) * 60_000)
        await runJob(job, {
          platform,
          trigger: 'schedule',
          triggeredBy: `Deno.cron ${job.schedule}`,
          holder,
          tick,
        })
      })
    }
  } else {
    scheduler = startScheduler(platform, jobCatalogue, holder)
  }
}

let stopping = false
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  Deno.addSignalListener(signal, async () => {
    if (stopping) Deno.exit(130)
    stopping = true
    platform.logger.info('server.stopping', { reason: signal })
    await server.shutdown()
    await scheduler?.stop()
    await platform.drain(config.shutdownTimeoutMs)
    await platform.events.flush()
    await platform.close?.()
    platform.logger.info('server.stopped', { reason: signal })
    Deno.exit(0)
  })
}
