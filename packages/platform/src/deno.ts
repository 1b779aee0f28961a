/**
 * @module @glam/platform/deno
 * Deno wiring: the same local platform as Node (libsql works through Deno's Node-API support),
 * served by `Deno.serve`.
 */
import type { Config } from '@glam/core'
import { createGlamApp } from './app.ts'
import { containerFunctions } from './container-routes.ts'
import { shortlinkResponse } from './fast-path.ts'
import { keptPageResponse } from './page-fast-path.ts'
import { prepareLocalPlatform } from './prepare.ts'
import { catchUpSearch } from './search-start.ts'

/** What Deno.serve passes its handler beside the request (Deno.ServeHandlerInfo). */
export interface DenoServeInfo {
  remoteAddr?: { hostname?: string; port?: number; transport?: string }
}

export async function createDenoApp(config: Config) {
  const platform = await prepareLocalPlatform('deno', config)
  catchUpSearch(platform)
  const app = createGlamApp({ config, platform: () => platform, containerOnly: containerFunctions })
  // Shortlink clicks and kept portal pages skip Hono's routing and context (fast-path.ts,
  // page-fast-path.ts); the rest is the Glam app.
  // Deno.serve hands the handler the socket's address; Hono sees it as `c.env.remoteAddr`
  // (socketAddress in @glam/core), the client's address unless it is a trusted proxy.
  const handler = async (request: Request, info?: DenoServeInfo) =>
    (await shortlinkResponse(platform, request, info?.remoteAddr?.hostname)) ??
    keptPageResponse(platform, request) ??
    app.fetch(request, { remoteAddr: info?.remoteAddr })
  return { app, platform, handler }
}
