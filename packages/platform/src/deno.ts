/**
 * @module @glam/platform/deno
 * Deno wiring: the same local platform as Node (libsql works through Deno's Node-API support),
 * served by `Deno.serve`.
 */
import type { Config } from '@glam/core'
import { createGlamApp } from './app.ts'
import { mountContainerOnly } from './container-routes.ts'
import { prepareLocalPlatform } from './prepare.ts'

export async function createDenoApp(config: Config) {
  const platform = await prepareLocalPlatform('deno', config)
  const app = createGlamApp({ config, platform: () => platform, containerOnly: mountContainerOnly })
  return { app, platform }
}
