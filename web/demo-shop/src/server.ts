/** Serves the demo shop on Node (`npm start` runs it beside Glam on http://127.0.0.1:3001). */
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { createDemoShopApp, type DemoShopOptions } from './app.tsx'

export interface DemoShopServerOptions extends DemoShopOptions {
  /** Default 3001; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  hostname?: string
}

export interface RunningDemoShop {
  /** e.g. `http://127.0.0.1:3001` */
  url: string
  close(): Promise<void>
}

export async function startDemoShop(options: DemoShopServerOptions): Promise<RunningDemoShop> {
  const app = createDemoShopApp({ glamUrl: options.glamUrl, publicKey: options.publicKey })
  const hostname = options.hostname ?? '127.0.0.1'
  const server = await new Promise<ServerType>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port ?? 3001, hostname }, () => resolve(s))
    s.once('error', reject)
  })
  const { port } = server.address() as AddressInfo
  const host = hostname === '0.0.0.0' || hostname === '::' ? 'localhost' : hostname
  let closing: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()))
        if ('closeAllConnections' in server) server.closeAllConnections()
      })),
  }
}
