import { createServer, type RequestListener, type ServerOptions } from 'node:http'
import type { AddressInfo } from 'node:net'
import { hostname } from 'node:os'
import type { Config } from '@glam/core'
import { startScheduler } from '@glam/jobs'
import { type ServerType, serve } from '@hono/node-server'
import { createGlamApp } from '../app.ts'
import { containerFunctions, containerJobCatalogue } from '../container-routes.ts'
import { catchUpSearch } from '../search-start.ts'
import { withRedirectFastPath } from './fast-path.ts'
import type { NodePlatform } from './platform.ts'
import { prepareNodePlatform } from './prepare.ts'

export interface RunningServer {
  url: string
  port: number
  platform: NodePlatform
  /** Stop accepting, let in-flight requests and background work finish, flush events. */
  shutdown(reason?: string): Promise<void>
}

/** Start the Node container server with every function mounted. */
export async function startNodeServer(config: Config, given?: NodePlatform): Promise<RunningServer> {
  const platform = given ?? (await prepareNodePlatform(config))
  const app = createGlamApp({ config, platform: () => platform, containerOnly: containerFunctions })
  const log = platform.logger
  catchUpSearch(platform)
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve(
      {
        fetch: app.fetch,
        port: config.port,
        ...(config.host ? { hostname: config.host } : {}),
        // Shortlink clicks skip the Request/Response round trip (fast-path.ts); the rest is Hono.
        createServer: ((options: ServerOptions, listener: RequestListener) =>
          createServer(options, withRedirectFastPath(platform, listener as never))) as never,
      },
      () => resolve(s),
    )
    s.once('error', reject)
  })
  const port = (server.address() as AddressInfo).port
  const url = `http://localhost:${port}`
  log.info('server.listening', { url, mode: config.env })
  const scheduler = config.scheduler
    ? startScheduler(platform, containerJobCatalogue, `${hostname()}:${process.pid}`)
    : undefined

  let stopping: Promise<void> | undefined
  const shutdown = (reason = 'shutdown') =>
    (stopping ??= (async () => {
      const deadline = Date.now() + config.shutdownTimeoutMs
      log.info('server.stopping', { reason })
      const closed = new Promise<void>((resolve) => server.close(() => resolve()))
      // Keep-alive sockets that go idle after their last response are closed as they appear.
      const reaper = setInterval(() => 'closeIdleConnections' in server && server.closeIdleConnections(), 50)
      const inTime = await Promise.race([
        closed.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), config.shutdownTimeoutMs).unref()),
      ])
      clearInterval(reaper)
      if (!inTime && 'closeAllConnections' in server) server.closeAllConnections()
      await scheduler?.stop()
      const drained = await platform.drain(Math.max(0, deadline - Date.now()))
      await platform.events.flush().catch((error) => log.error('events.flush_failed', { error }))
      await platform.close?.()
      log.info('server.stopped', { reason, requestsFinished: inTime, backgroundFinished: drained })
    })())

  return { url, port, platform, shutdown }
}
