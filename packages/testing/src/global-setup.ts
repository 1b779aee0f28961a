/**
 * Vitest global setup: one MariaDB for the whole run (when installed), shared by every test
 * file through `inject('mariadbUrl')`; each file creates its own database on it.
 */
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
