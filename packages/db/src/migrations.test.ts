// The committed migrations: both dialects carry the same steps under the same numbers, the
// journals and snapshots agree with the files, and a database migrated before the numbering was
// aligned (SQLite `0007_event_rejects`, now `0008`) upgrades cleanly, whether drizzle tracks it
// (by timestamp) or `wrangler d1 migrations apply` does (by file name).
import { cpSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@libsql/client'
import { drizzle } from 'drizzle-orm/libsql'
import { migrate } from 'drizzle-orm/libsql/migrator'
import { afterAll, describe, expect, it } from 'vitest'
import { migrationsFolder } from './migrate.ts'

type Journal = { entries: { idx: number; when: number; tag: string }[] }
const dialects = ['sqlite', 'mysql'] as const
const journal = (folder: string): Journal =>
  JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as Journal
const sqlFiles = (folder: string) =>
  readdirSync(folder)
    .filter((f) => f.endsWith('.sql'))
    .sort()
const statements = (folder: string, file: string) =>
  readFileSync(join(folder, file), 'utf8')
    .split('--> statement-breakpoint')
    .filter((s) => s.replace(/--.*$/gm, '').trim())

describe('the committed migrations', () => {
  it('carry the same steps under the same numbers in both dialects', () => {
    const [sqlite, mysql] = dialects.map((d) => journal(migrationsFolder(d)).entries.map((e) => e.tag))
    expect(sqlite).toEqual(mysql)
  })

  it.each(dialects)('%s: journal, files and snapshots agree', (dialect) => {
    const folder = migrationsFolder(dialect)
    const { entries } = journal(folder)
    expect(sqlFiles(folder)).toEqual(entries.map((e) => `${e.tag}.sql`))
    entries.forEach((entry, i) => {
      expect(entry.idx).toBe(i)
      expect(entry.tag.startsWith(String(i).padStart(4, '0'))).toBe(true)
      if (i > 0) expect(entry.when).toBeGreaterThan(entries[i - 1]!.when)
    })
    // drizzle-kit diffs against the last snapshot: each must point at the one before it.
    const snapshots = entries.map(
      (_, i) =>
        JSON.parse(
          readFileSync(join(folder, 'meta', `${String(i).padStart(4, '0')}_snapshot.json`), 'utf8'),
        ) as { id: string; prevId: string },
    )
    snapshots.forEach((snapshot, i) => {
      if (i > 0) expect(snapshot.prevId).toBe(snapshots[i - 1]!.id)
    })
    expect(new Set(snapshots.map((s) => s.id)).size).toBe(snapshots.length)
  })
})

describe('a SQLite database migrated before the numbering was aligned', () => {
  const dirs: string[] = []
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
  })

  /** The SQLite folder as it was committed before: no 0007 no-op, event_rejects as 0007, no IF NOT EXISTS. */
  function previousFolder() {
    const dir = mkdtempSync(join(tmpdir(), 'glam-migrations-'))
    dirs.push(dir)
    const folder = join(dir, 'sqlite')
    cpSync(migrationsFolder('sqlite'), folder, { recursive: true })
    rmSync(join(folder, '0007_case_sensitive_refs.sql'))
    rmSync(join(folder, 'meta', '0007_snapshot.json'))
    renameSync(join(folder, 'meta', '0008_snapshot.json'), join(folder, 'meta', '0007_snapshot.json'))
    const rejects = readFileSync(join(folder, '0008_event_rejects.sql'), 'utf8').replaceAll(
      ' IF NOT EXISTS',
      '',
    )
    rmSync(join(folder, '0008_event_rejects.sql'))
    writeFileSync(join(folder, '0007_event_rejects.sql'), rejects)
    const old = journal(folder)
    old.entries = old.entries
      .filter((e) => e.tag !== '0007_case_sensitive_refs')
      .map((e, idx) => ({ ...e, idx, tag: e.tag === '0008_event_rejects' ? '0007_event_rejects' : e.tag }))
    writeFileSync(join(folder, 'meta', '_journal.json'), JSON.stringify(old))
    return { dir, folder }
  }

  async function schemaOf(client: ReturnType<typeof createClient>) {
    const rows = await client.execute(
      "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE '%migrations%' ORDER BY name",
    )
    return rows.rows.map((r) => `${r.type} ${r.name}: ${String(r.sql).replaceAll(' IF NOT EXISTS', '')}`)
  }

  async function freshSchema(dir: string) {
    const client = createClient({ url: `file:${join(dir, 'fresh.db')}` })
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder('sqlite') })
    const schema = await schemaOf(client)
    client.close()
    return schema
  }

  const reject = `INSERT INTO event_rejects (id, event_table, event_id, error, payload) VALUES ('r1', 'clicks', 'c1', 'bad', '{}')`

  it('upgrades through drizzle (libsql, `npm start`, `npm run migrate`) and keeps its rows', async () => {
    const { dir, folder } = previousFolder()
    const client = createClient({ url: `file:${join(dir, 'drizzle.db')}` })
    await migrate(drizzle(client), { migrationsFolder: folder })
    await client.execute(reject)
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder('sqlite') })
    await migrate(drizzle(client), { migrationsFolder: migrationsFolder('sqlite') })
    expect((await client.execute('SELECT id FROM event_rejects')).rows.map((r) => r.id)).toEqual(['r1'])
    expect(await schemaOf(client)).toEqual(await freshSchema(dir))
    client.close()
  })

  it('upgrades through file-name tracking (`wrangler d1 migrations apply`) and keeps its rows', async () => {
    const { dir, folder } = previousFolder()
    const client = createClient({ url: `file:${join(dir, 'd1.db')}` })
    await client.execute('CREATE TABLE d1_migrations (name TEXT PRIMARY KEY)')
    // What wrangler does: apply, in name order, every file whose name is not recorded yet.
    const apply = async (from: string) => {
      const applied = new Set(
        (await client.execute('SELECT name FROM d1_migrations')).rows.map((r) => r.name),
      )
      for (const file of sqlFiles(from).filter((f) => !applied.has(f))) {
        await client.batch([
          ...statements(from, file),
          { sql: 'INSERT INTO d1_migrations (name) VALUES (?)', args: [file] },
        ])
      }
    }
    await apply(folder)
    await client.execute(reject)
    await apply(migrationsFolder('sqlite'))
    expect((await client.execute('SELECT id FROM event_rejects')).rows.map((r) => r.id)).toEqual(['r1'])
    const applied = (await client.execute('SELECT name FROM d1_migrations ORDER BY name')).rows.map(
      (r) => r.name,
    )
    expect(applied).toEqual(
      expect.arrayContaining(['0007_case_sensitive_refs.sql', '0008_event_rejects.sql']),
    )
    expect(await schemaOf(client)).toEqual(await freshSchema(dir))
    client.close()
  })
})
