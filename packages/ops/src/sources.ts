/**
 * What a backup takes, each into the staging directory in a form that restores on its own:
 *
 * - **SQLite**: `VACUUM INTO` a new file — SQLite's online snapshot, consistent while the
 *   platform writes (never a file copy of a live database); row counts are read from that copy,
 *   so the manifest says what the snapshot holds.
 * - **ClickHouse** (a server or the embedded chDB front): each table of the events database as
 *   its `SHOW CREATE TABLE` and its rows as JSONEachRow (the front speaks no Native format); the
 *   rows counted as they stream to disk.
 * - **Blobs**: a filesystem store is backed up where it lies (content-addressed files: restic
 *   reads only new ones); another backend (S3, R2) is mirrored into a local content-addressed
 *   store first, fetching only keys whose version changed and dropping keys gone from the
 *   source. A random sample of keys with their
 *   sha256 goes into the manifest.
 */
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createFsBlobStore } from '@glam/blobs/fs'
import type { BlobStore } from '@glam/core'
import { createClient } from '@libsql/client'

export interface SqlPart {
  dialect: 'sqlite' | 'mysql'
  /** In the snapshot under /glam: `sql/glam.db` (SQLite) or `sql/glam.sql` (a mariadb-dump). */
  file: string
  tables: Record<string, number>
}

export interface ClickHousePart {
  database: string
  tables: Record<string, { rows: number; ddl: string; data: string }>
  /**
   * Tables of aggregate states (the rollups): derived from the others, so only their DDL is kept
   * and a restore rebuilds them (`npm run events -- backfill`); their binary states do not
   * survive a text export.
   */
  derived?: Record<string, { ddl: string }>
}

export interface BlobSample {
  key: string
  sha256: string
  size: number
}

export interface BlobsPart {
  /** The directory inside the snapshot (`blobs`). */
  dir: string
  count: number
  bytes: number
  sample: BlobSample[]
  /** Where they came from: the store's own directory, or a mirror of another backend. */
  source: 'fs' | 'mirror'
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`

/** The path of a `file:` database URL. */
export function sqlitePath(databaseUrl: string): string {
  const path = databaseUrl.replace(/^file:(\/\/)?/, '').replace(/\?.*$/, '')
  if (!path || path === ':memory:') throw new Error('an in-memory database has nothing to back up')
  return path
}

/** The row count of every table of a SQLite file (drizzle's migration table included). */
export async function sqliteCounts(file: string): Promise<Record<string, number>> {
  const db = createClient({ url: `file:${file}` })
  try {
    const tables = await db.execute(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    )
    const counts: Record<string, number> = {}
    for (const row of tables.rows) {
      const name = String(row.name)
      const result = await db.execute(`SELECT count(*) AS n FROM ${quoteIdent(name)}`)
      counts[name] = Number(result.rows[0]!.n)
    }
    return counts
  } finally {
    db.close()
  }
}

/** A consistent copy of a live SQLite database (`VACUUM INTO`), and its tables' row counts. */
export async function snapshotSqlite(databaseUrl: string, stageDir: string): Promise<SqlPart> {
  const dir = join(stageDir, 'sql')
  await mkdir(dir, { recursive: true })
  const file = join(dir, 'glam.db')
  await rm(file, { force: true })
  const db = createClient({ url: `file:${sqlitePath(databaseUrl)}` })
  try {
    await db.execute({ sql: 'VACUUM INTO ?', args: [file] })
  } finally {
    db.close()
  }
  return { dialect: 'sqlite', file: 'sql/glam.db', tables: await sqliteCounts(file) }
}

export interface ClickHouseTarget {
  url: string
  database: string
  username?: string
  password?: string
}

async function clickhouse(target: ClickHouseTarget, sql: string, params: Record<string, string> = {}) {
  const url = new URL(target.url)
  for (const [k, v] of Object.entries(params)) url.searchParams.set(`param_${k}`, v)
  const res = await fetch(url, {
    method: 'POST',
    body: sql,
    headers: {
      ...(target.username && { 'X-ClickHouse-User': target.username }),
      ...(target.password && { 'X-ClickHouse-Key': target.password }),
    },
  })
  if (!res.ok) throw new Error(`ClickHouse answered ${res.status}: ${(await res.text()).slice(0, 300)}`)
  return res
}

const ident = (name: string) => {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`unexpected ClickHouse name ${name}`)
  return name
}

/** Every table of the events database: its DDL and its rows (JSONEachRow, counted on the way). */
export async function exportClickHouse(target: ClickHouseTarget, stageDir: string): Promise<ClickHousePart> {
  const db = ident(target.database)
  const dir = join(stageDir, 'clickhouse')
  await rm(dir, { recursive: true, force: true })
  await mkdir(dir, { recursive: true })
  const list = await clickhouse(
    target,
    "SELECT name FROM system.tables WHERE database = {db:String} AND engine NOT LIKE '%View' AND NOT is_temporary ORDER BY name FORMAT JSONEachRow",
    { db },
  )
  const names = (await list.text())
    .split('\n')
    .filter(Boolean)
    .map((l) => ident((JSON.parse(l) as { name: string }).name))
  const aggregates = await clickhouse(
    target,
    "SELECT DISTINCT table FROM system.columns WHERE database = {db:String} AND type LIKE '%AggregateFunction%' FORMAT JSONEachRow",
    { db },
  )
  const derivedNames = new Set(
    (await aggregates.text())
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { table: string }).table),
  )
  const tables: ClickHousePart['tables'] = {}
  const derived: NonNullable<ClickHousePart['derived']> = {}
  for (const name of names) {
    const ddl = (
      await (await clickhouse(target, `SHOW CREATE TABLE ${db}.${name} FORMAT TSVRaw`)).text()
    ).trim()
    const ddlFile = `clickhouse/${name}.sql`
    await pipeline(Readable.from([`${ddl}\n`]), createWriteStream(join(stageDir, ddlFile)))
    if (derivedNames.has(name)) {
      derived[name] = { ddl: ddlFile }
      continue
    }
    const dataFile = `clickhouse/${name}.jsonl`
    const res = await clickhouse(target, `SELECT * FROM ${db}.${name} FORMAT JSONEachRow`)
    let rows = 0
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) rows++
        done(null, chunk)
      },
    })
    await pipeline(
      Readable.fromWeb(res.body! as import('node:stream/web').ReadableStream),
      counter,
      createWriteStream(join(stageDir, dataFile)),
    )
    tables[name] = { rows, ddl: ddlFile, data: dataFile }
  }
  return { database: db, tables, derived }
}

/** Every key of a store with its metadata, page by page. */
export async function* allBlobs(store: BlobStore) {
  let cursor: string | undefined
  for (;;) {
    const page = await store.list({ limit: 1000, ...(cursor && { cursor }) })
    yield* page.items
    if (!page.cursor) break
    cursor = page.cursor
  }
}

export async function sha256Of(store: BlobStore, key: string): Promise<string | null> {
  const object = await store.get(key)
  if (!object) return null
  const hash = createHash('sha256')
  for await (const chunk of Readable.fromWeb(object.body as import('node:stream/web').ReadableStream))
    hash.update(chunk as Buffer)
  return hash.digest('hex')
}

/**
 * Brings a local mirror level with another store: a key is fetched when the source's version
 * tag (its ETag, else size and upload time) differs from the one fetched last time (kept in
 * `indexFile`), and keys gone from the source leave the mirror.
 */
async function mirror(source: BlobStore, local: BlobStore, indexFile: string) {
  const known = JSON.parse(await readFile(indexFile, 'utf8').catch(() => '{}')) as Record<string, string>
  const next: Record<string, string> = {}
  for await (const meta of allBlobs(source)) {
    const tag = meta.etag ?? `${meta.size}:${meta.uploadedAt?.toISOString() ?? ''}`
    next[meta.key] = tag
    if (known[meta.key] === tag && (await local.has(meta.key))) continue
    const object = await source.get(meta.key)
    if (object) await local.put(meta.key, object.body, { contentType: object.contentType })
    else delete next[meta.key]
  }
  const gone: string[] = []
  for await (const meta of allBlobs(local)) if (!(meta.key in next)) gone.push(meta.key)
  for (const key of gone) await local.delete(key)
  await writeFile(indexFile, JSON.stringify(next))
}

/**
 * The blob directory a snapshot takes: the fs store's own, or a local mirror of another store
 * (only keys it lacks, or whose etag changed, are fetched). Counts every blob and samples some.
 */
export async function prepareBlobs(input: {
  store: BlobStore
  fsDir: string | null
  mirrorDir: string
  sampleSize: number
}): Promise<{ dir: string; part: Omit<BlobsPart, 'dir'> }> {
  const source = input.fsDir ? 'fs' : 'mirror'
  const dir = input.fsDir ?? input.mirrorDir
  const local = input.fsDir ? input.store : createFsBlobStore({ dir })
  if (!input.fsDir) await mirror(input.store, local, join(dirname(dir), 'blobs-source.json'))
  let count = 0
  let bytes = 0
  // Reservoir sampling: every blob equally likely, in one pass.
  const picked: { key: string; size: number }[] = []
  for await (const meta of allBlobs(local)) {
    count++
    bytes += meta.size
    if (picked.length < input.sampleSize) picked.push({ key: meta.key, size: meta.size })
    else {
      const j = Math.floor(Math.random() * count)
      if (j < input.sampleSize) picked[j] = { key: meta.key, size: meta.size }
    }
  }
  const sample: BlobSample[] = []
  for (const p of picked) {
    const sha256 = await sha256Of(local, p.key)
    if (sha256) sample.push({ ...p, sha256 })
  }
  await stat(dir).catch(() => mkdir(dir, { recursive: true }))
  return { dir, part: { count, bytes, sample, source } }
}

/**
 * Loads a snapshot's events into ClickHouse: each table made from its DDL where it is missing,
 * refused where it already holds rows, its rows posted as JSONEachRow in batches, then counted.
 */
export async function restoreClickHouse(target: ClickHouseTarget, dir: string, part: ClickHousePart) {
  const db = ident(target.database)
  const loaded: Record<string, number> = {}
  const count = async (name: string) =>
    Number((await (await clickhouse(target, `SELECT count() FROM ${db}.${name} FORMAT TSV`)).text()).trim())
  await clickhouse(target, `CREATE DATABASE IF NOT EXISTS ${db}`)
  const exists = async (name: string) =>
    (await (await clickhouse(target, `EXISTS TABLE ${db}.${name} FORMAT TSV`)).text()).trim() === '1'
  const create = async (ddlFile: string) => {
    const ddl = (await readFile(join(dir, 'glam', ddlFile), 'utf8')).trim()
    // The DDL names the database it came from: the snapshot's, put under this one's name.
    await clickhouse(
      target,
      ddl.replace(/^CREATE TABLE (`?)[A-Za-z_][A-Za-z0-9_]*\1\./, `CREATE TABLE ${db}.`),
    )
  }
  // The rollups' tables, empty, for the rebuild from the raw tables that follows.
  for (const [table, t] of Object.entries(part.derived ?? {}))
    if (!(await exists(ident(table)))) await create(t.ddl)
  for (const [table, t] of Object.entries(part.tables)) {
    const name = ident(table)
    if (!(await exists(name))) await create(t.ddl)
    else if ((await count(name)) > 0) {
      throw new Error(`ClickHouse ${db}.${name} already holds rows: restore events into empty tables`)
    }
    const insert = `INSERT INTO ${db}.${name} FORMAT JSONEachRow`
    let batch: string[] = []
    let bytes = 0
    const flush = async () => {
      if (batch.length === 0) return
      const url = new URL(target.url)
      url.searchParams.set('query', insert)
      await clickhouse({ ...target, url: url.href }, `${batch.join('\n')}\n`)
      batch = []
      bytes = 0
    }
    const lines = createInterface({
      input: createReadStream(join(dir, 'glam', t.data)),
      crlfDelay: Number.POSITIVE_INFINITY,
    })
    for await (const line of lines) {
      if (!line) continue
      batch.push(line)
      bytes += line.length
      if (batch.length >= 50_000 || bytes >= 32 * 1024 * 1024) await flush()
    }
    await flush()
    loaded[name] = await count(name)
    if (loaded[name] !== t.rows)
      throw new Error(`ClickHouse ${db}.${name}: ${loaded[name]} rows loaded, the manifest says ${t.rows}`)
  }
  return loaded
}
