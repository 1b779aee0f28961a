/**
 * @module @glam/platform/deno
 * Deno wiring: the same local platform as Node (libsql works through Deno's Node-API support),
 * served by `Deno.serve`.
 */
import type { Config } from '@glam/core'
import { createGlamApp } from './app.ts'
import { mountContainerOnly } from './container-routes.ts'
import { shortlinkResponse } from './fast-path.ts'
import { prepareLocalPlatform } from './prepare.ts'

export async function createDenoApp(config: Config) {
  const platform = await prepareLocalPlatform('deno', config)
  const app = createGlamApp({ config, platform: () => platform, containerOnly: mountContainerOnly })
  // Shortlink clicks skip Hono's routing and context (fast-path.ts); the rest is the Glam app.
  const handler = async (request: Request) =>
    (await shortlinkResponse(platform, request)) ?? app.fetch(request)
  return { app, platform, handler }
}
