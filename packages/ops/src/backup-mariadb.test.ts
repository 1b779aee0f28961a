// Backups of the demo platform on a real MariaDB (the test server): mariadb-dump in one
// transaction, rows counted from the dump, the restore test loading it into a scratch database
// (CHECK TABLE, counts; dropped after), an unchanged re-backup adding next to nothing, and a
// real restore into a new, empty database that matches row for row.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createMemoryLogger } from '@glam/core'
import { connectDatabase, migrateDatabase } from '@glam/db'
import { prepareLocalPlatform } from '@glam/platform/prepare'
import { testConfig } from '@glam/testing/platform'
import { requireTool } from '@glam/testing/strict'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { runBackup } from './backup.ts'
import { mysqlServerOf } from './mysql.ts'
import { createRestic } from './restic.ts'
import { placeDatabase, restoreInto, restoreTest } from './restore.ts'
import { backupInputOf } from './targets.ts'

const mariadbUrl = inject('mariadbUrl')
const hasRestic = spawnSync('restic', ['version']).status === 0

async function createDatabase(name: string) {
  const { createConnection } = await import('mysql2/promise')
  const conn = await createConnection({ uri: mariadbUrl })
  await conn.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
  const [dbs] = (await conn.query('SHOW DATABASES LIKE ?', ['glam_restore_test_%'])) as unknown as [unknown[]]
  await conn.end()
  return { url: `${mariadbUrl}/${name}`, scratchLeft: dbs.length }
}

async function countsOf(url: string) {
  const db = await connectDatabase(url, { poolSize: 1 })
  try {
    const { createConnection } = await import('mysql2/promise')
    const conn = await createConnection({ uri: url })
    const [tables] = (await conn.query('SHOW TABLES')) as unknown as [Record<string, string>[]]
    const counts: Record<string, number> = {}
    for (const t of tables) {
      const name = Object.values(t)[0]!
      const [rows] = (await conn.query(`SELECT COUNT(*) AS n FROM \`${name}\``)) as unknown as [
        { n: number }[],
      ]
      counts[name] = Number(rows[0]!.n)
    }
    await conn.end()
    return counts
  } finally {
    await db.close()
  }
}

describe.runIf(
  requireTool(Boolean(mariadbUrl), 'MariaDB (Debian package mariadb-server)') &&
    requireTool(hasRestic, "restic (Debian's restic)"),
)('backups of a MariaDB platform', () => {
  const dir = mkdtempSync(join(tmpdir(), 'glam-backup-mariadb-'))
  const password = 'test-backup-password-0123'
  const restic = createRestic({ repository: join(dir, 'repo'), password })
  let platform: Awaited<ReturnType<typeof prepareLocalPlatform>>
  let url: string

  beforeAll(async () => {
    url = (await createDatabase(`backup_${process.pid}_${Date.now().toString(36)}`)).url
    const database = await connectDatabase(url)
    await migrateDatabase(database)
    await database.close()
    const config = testConfig({
      DATABASE_URL: url,
      GLAM_EVENTS: 'memory',
      GLAM_BACKUP_REPO: join(dir, 'repo'),
      GLAM_BACKUP_PASSWORD: password,
      GLAM_BACKUP_STAGE_DIR: join(dir, 'stage'),
    })
    platform = await prepareLocalPlatform('node', config, { logger: createMemoryLogger('warn').logger })
  }, 60_000)
  afterAll(async () => {
    await platform?.close?.()
    rmSync(dir, { recursive: true, force: true })
  })

  it('dumps, restore-tests on a scratch database, and restores row for row into a new database', async () => {
    const input = { ...backupInputOf(platform), keepAll: true }
    const first = await runBackup(input)
    const source = await countsOf(url)
    expect(first.rows).toBe(Object.values(source).reduce((a, b) => a + b, 0))
    expect(first.rows).toBeGreaterThan(50)

    const tested = await restoreTest({ restic, mysqlServer: mysqlServerOf(url), readDataSubset: '100%' })
    expect(tested.problems).toEqual([])
    expect(tested.rows).toBe(first.rows)
    // Unchanged: the same dump bytes, so (next to) nothing new in the repository.
    const again = await runBackup(input)
    expect(again.dataAdded).toBeLessThan(first.dataAdded * 0.2)

    const target = await createDatabase(`restored_${process.pid}_${Date.now().toString(36)}`)
    expect(target.scratchLeft).toBe(0)
    const into = join(dir, 'restored')
    const restored = await restoreInto({ restic, snapshot: 'latest', into, mysqlServer: mysqlServerOf(url) })
    expect(restored.restored && restored.verification.ok).toBe(true)
    await placeDatabase(into, restored.manifest, target.url)
    expect(await countsOf(target.url)).toEqual(source)
    // Never over a database that has tables.
    await expect(placeDatabase(into, restored.manifest, target.url)).rejects.toThrow(/not empty/)
  }, 180_000)
})
