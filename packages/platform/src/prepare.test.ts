// Starting on a MySQL server: refused with a clear message until migrated, then seeded.
import { createMemoryLogger } from '@glam/core'
import { connectDatabase, createRepositories, migrateDatabase } from '@glam/db'
import { testConfig } from '@glam/testing/platform'
import { requireTool } from '@glam/testing/strict'
import { describe, expect, inject, it } from 'vitest'
import { prepareLocalPlatform } from './prepare.ts'

const mariadbUrl = inject('mariadbUrl')

describe.runIf(requireTool(Boolean(mariadbUrl), 'MariaDB (Debian package mariadb-server)'))(
  'start on MySQL',
  () => {
    it('refuses an unmigrated database, then starts with demo data after `npm run migrate`', async () => {
      const { createConnection } = await import('mysql2/promise')
      const name = `prep_${process.pid}_${Date.now().toString(36)}`
      const conn = await createConnection({ uri: mariadbUrl })
      await conn.query(`CREATE DATABASE \`${name}\``)
      await conn.end()
      const config = testConfig({ DATABASE_URL: `${mariadbUrl}/${name}` })
      const { logger } = createMemoryLogger()
      await expect(prepareLocalPlatform('node', config, { logger })).rejects.toThrow(/run `npm run migrate`/)
      const database = await connectDatabase(config.databaseUrl)
      await migrateDatabase(database)
      await database.close()
      const platform = await prepareLocalPlatform('node', config, { logger })
      const repos = createRepositories({
        database: platform.database as never,
        now: () => new Date(),
        masterKey: config.masterKey,
      })
      expect(await repos.links.bySlug('summer-lena')).toMatchObject({ destination: 'http://127.0.0.1:3001/' })
      expect(await repos.apiKeys.verify('glam_dev_admin')).not.toBeNull()
      expect(await platform.database.health!()).toMatchObject({ status: 'ok', dialect: 'mysql' })
      await (platform.database as unknown as { close(): Promise<void> }).close()
    })
  },
)
