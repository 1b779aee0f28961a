/**
 * @module @glam/platform/deno
 * Deno wiring: the same local platform as Node, served by `Deno.serve`.
 */
import type { Config } from '@glam/core'
import { createGlamApp } from './app.ts'
import { createLocalPlatform } from './local.ts'

export function createDenoApp(config: Config) {
  const platform = createLocalPlatform('deno', config)
  const app = createGlamApp({ config, platform: () => platform })
  return { app, platform }
}
