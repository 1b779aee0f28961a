/**
 * Vitest global setup: one MariaDB for the whole run (when installed), shared by every test
 * file through `inject('mariadbUrl')`; each file creates its own database on it.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { hasMariaDb, type RunningMariaDb, startMariaDb } from './mariadb.ts'
import { requireTool } from './strict.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    mariadbUrl: string
  }
}

let mariadb: RunningMariaDb | undefined

export async function setup(project: TestProject) {
  // The web apps' builds (the dashboard the browser and conformance tests load), when stale.
  const build = spawnSync(
    process.execPath,
    [fileURLToPath(new URL('../../../scripts/ensure-web-build.mjs', import.meta.url))],
    { stdio: 'inherit' },
  )
  if (build.status !== 0) throw new Error('the web apps did not build (scripts/ensure-web-build.mjs)')
  if (process.env.GLAM_TEST_MYSQL_URL) {
    project.provide('mariadbUrl', process.env.GLAM_TEST_MYSQL_URL)
    return
  }
  if (requireTool(hasMariaDb(), 'MariaDB (Debian package mariadb-server)')) {
    mariadb = await startMariaDb()
    project.provide('mariadbUrl', mariadb.url)
  } else {
    project.provide('mariadbUrl', '')
  }
}

export async function teardown() {
  await mariadb?.stop()
}
