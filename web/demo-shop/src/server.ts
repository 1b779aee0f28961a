/** Serves the demo shop on Node (`npm start` runs it beside Glam on http://127.0.0.1:3001). */
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { type ServerType, serve } from '@hono/node-server'
import { createDemoShopApp, type DemoShopOptions } from './app.tsx'

export interface DemoShopServerOptions extends DemoShopOptions {
  /** Default 3001; 0 picks a free port. */
  port?: number
  /** Default 127.0.0.1. */
  hostname?: string
  /** A JSON file of `{ sku: cents }` price overrides, read per feed request (`npm run demo -- price-drop`). */
  pricesFile?: string
  /** A JSON array of SKUs out of stock, read per feed request (`npm run demo -- out-of-stock`). */
  stockFile?: string
}

/** Where `npm start`'s demo shop and `npm run demo` keep the price overrides. */
export const defaultPricesFile = '.data/demo-prices.json'

/** The overrides in a prices file; none when it is missing or unreadable. */
export function readPrices(file: string): Record<string, number> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    if (!parsed || typeof parsed !== 'object') return {}
    return Object.fromEntries(
      Object.entries(parsed).filter(([, v]) => Number.isSafeInteger(v) && (v as number) > 0),
    ) as Record<string, number>
  } catch {
    return {}
  }
}

/** Where `npm start`'s demo shop and `npm run demo` keep the SKUs that are out of stock. */
export const defaultStockFile = '.data/demo-stock.json'

/** The SKUs a stock file lists as out of stock; none when it is missing or unreadable. */
export function readOutOfStock(file: string): Set<string> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown
    return new Set(Array.isArray(parsed) ? parsed.filter((v) => typeof v === 'string') : [])
  } catch {
    return new Set()
  }
}

export interface RunningDemoShop {
  /** e.g. `http://127.0.0.1:3001` */
  url: string
  close(): Promise<void>
}

export async function startDemoShop(options: DemoShopServerOptions): Promise<RunningDemoShop> {
  const { pricesFile, stockFile } = options
  const app = createDemoShopApp({
    glamUrl: options.glamUrl,
    publicKey: options.publicKey,
    ...(pricesFile && { prices: () => readPrices(pricesFile) }),
    ...(stockFile && { outOfStock: () => readOutOfStock(stockFile) }),
  })
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
