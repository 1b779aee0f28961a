/**
 * MariaDB/MySQL in a backup: `mariadb-dump --single-transaction` (a consistent InnoDB snapshot
 * without locking the platform out), one INSERT per row (`--skip-extended-insert`) so the rows of
 * each table are counted from the dump itself as it streams to disk — the manifest says what the
 * snapshot holds, whatever was written meanwhile — and no dump date, so an unchanged database
 * dumps to the same bytes and restic stores nothing new. The restore test loads the dump into a
 * scratch database on the same server, runs `CHECK TABLE` and counts, then drops it.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'

export interface MysqlServer {
  host: string
  port: number
  user: string
  password: string
  database: string
}

export function mysqlServerOf(databaseUrl: string): MysqlServer {
  const url = new URL(databaseUrl)
  if (url.protocol !== 'mysql:' && url.protocol !== 'mariadb:') throw new Error('not a mysql:// URL')
  return {
    host: url.hostname || '127.0.0.1',
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username || 'root'),
    password: decodeURIComponent(url.password),
    database: decodeURIComponent(url.pathname.replace(/^\//, '')),
  }
}

const clientArgs = (s: MysqlServer) => ['-h', s.host, '-P', String(s.port), '-u', s.user, '--protocol=TCP']
// The password in the environment (MYSQL_PWD), never on a command line others can read.
const clientEnv = (s: MysqlServer) => ({ ...process.env, MYSQL_PWD: s.password })

const insertPrefix = Buffer.from('INSERT INTO `')
const createPrefix = Buffer.from('CREATE TABLE `')
/** Bytes from a line's start that hold its prefix and a table name (≤ 64 characters, quoted). */
const window = 14 + 64 * 4 + 1

/**
 * Counts each table's rows in mariadb-dump's output (its own format: a row per INSERT line),
 * looking only at the start of each line (Buffer.indexOf, no string per line), and passes the
 * bytes on untouched.
 */
export function rowCounter(tables: Record<string, number>) {
  const nameAt = (buf: Buffer, from: number) => {
    const end = buf.indexOf(96, from)
    return end === -1 ? null : buf.toString('utf8', from, end)
  }
  const classify = (buf: Buffer, pos: number) => {
    if (pos + createPrefix.length > buf.length) return
    if (buf.compare(insertPrefix, 0, insertPrefix.length, pos, pos + insertPrefix.length) === 0) {
      const name = nameAt(buf, pos + insertPrefix.length)
      if (name !== null) tables[name] = (tables[name] ?? 0) + 1
    } else if (buf.compare(createPrefix, 0, createPrefix.length, pos, pos + createPrefix.length) === 0) {
      const name = nameAt(buf, pos + createPrefix.length)
      if (name !== null) tables[name] ??= 0
    }
  }
  // The bytes from a line start not yet looked at (null: the next chunk starts mid-line).
  let carry: Buffer | null = Buffer.alloc(0)
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      const buf = carry?.length ? Buffer.concat([carry, chunk]) : chunk
      let pos = carry ? 0 : buf.indexOf(10) + 1 || -1
      carry = null
      while (pos !== -1 && pos < buf.length) {
        if (buf.length - pos < window && buf.indexOf(10, pos) === -1) {
          carry = Buffer.from(buf.subarray(pos))
          break
        }
        classify(buf, pos)
        const nl = buf.indexOf(10, pos)
        pos = nl === -1 ? -1 : nl + 1
      }
      if (pos === buf.length) carry = Buffer.alloc(0)
      done(null, chunk)
    },
    flush(done) {
      if (carry?.length) classify(carry, 0)
      done()
    },
  })
}

function waitFor(child: ReturnType<typeof spawn>, what: string) {
  const err: Buffer[] = []
  child.stderr?.on('data', (b: Buffer) => err.push(b))
  return new Promise<void>((resolve, reject) => {
    child.on('error', (e) =>
      reject(new Error(`${what} could not start (${e.message}); install Debian's mariadb-client`)),
    )
    child.on('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new Error(
              `${what} failed (exit ${code}): ${Buffer.concat(err).toString('utf8').trim().slice(0, 400)}`,
            ),
          ),
    )
  })
}

/** The database dumped into `<stage>/sql/glam.sql`, with its tables' row counts. */
export async function dumpMysql(databaseUrl: string, stageDir: string) {
  const server = mysqlServerOf(databaseUrl)
  if (!server.database) throw new Error('DATABASE_URL names no database to back up')
  const dir = join(stageDir, 'sql')
  await mkdir(dir, { recursive: true })
  const file = join(dir, 'glam.sql')
  await rm(file, { force: true })
  const child = spawn(
    'mariadb-dump',
    [
      ...clientArgs(server),
      '--single-transaction',
      '--skip-extended-insert',
      // One transaction per table when it is loaded back, not one commit per row.
      '--no-autocommit',
      '--skip-dump-date',
      '--routines',
      '--triggers',
      '--hex-blob',
      '--no-tablespaces',
      '--default-character-set=utf8mb4',
      server.database,
    ],
    { env: clientEnv(server), stdio: ['ignore', 'pipe', 'pipe'] },
  )
  const tables: Record<string, number> = {}
  const done = waitFor(child, 'mariadb-dump')
  await Promise.all([pipeline(child.stdout!, rowCounter(tables), createWriteStream(file)), done])
  return { dialect: 'mysql' as const, file: 'sql/glam.sql', tables }
}

/** Loads a dump into `database` on the server (the database must exist). */
export async function loadMysqlDump(server: MysqlServer, database: string, file: string) {
  const child = spawn('mariadb', [...clientArgs(server), '--default-character-set=utf8mb4', database], {
    env: clientEnv(server),
    stdio: ['pipe', 'ignore', 'pipe'],
  })
  const done = waitFor(child, 'mariadb')
  await Promise.all([pipeline(createReadStream(file), child.stdin!), done])
}

async function connect(server: MysqlServer, database?: string) {
  const { createConnection } = await import('mysql2/promise')
  return createConnection({
    host: server.host,
    port: server.port,
    user: server.user,
    password: server.password,
    ...(database && { database }),
  })
}

/**
 * Loads the dump into a scratch database beside the source, checks every table and counts its
 * rows; the scratch database is dropped whatever happens.
 */
export async function verifyMysqlDump(server: MysqlServer, file: string) {
  const scratch = `glam_restore_test_${randomBytes(6).toString('hex')}`
  const admin = await connect(server)
  const problems: string[] = []
  const counts: Record<string, number> = {}
  try {
    await admin.query(`CREATE DATABASE \`${scratch}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`)
    await loadMysqlDump(server, scratch, file)
    const [tables] = (await admin.query(
      'SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = ?',
      [scratch, 'BASE TABLE'],
    )) as unknown as [{ name: string }[]]
    for (const { name } of tables) {
      const [check] = (await admin.query(`CHECK TABLE \`${scratch}\`.\`${name}\``)) as unknown as [
        { Msg_type: string; Msg_text: string }[],
      ]
      const bad = check.filter(
        (r) => r.Msg_type === 'error' || (r.Msg_type === 'status' && r.Msg_text !== 'OK'),
      )
      if (bad.length) problems.push(`CHECK TABLE ${name}: ${bad.map((r) => r.Msg_text).join('; ')}`)
      const [rows] = (await admin.query(
        `SELECT COUNT(*) AS n FROM \`${scratch}\`.\`${name}\``,
      )) as unknown as [{ n: number }[]]
      counts[name] = Number(rows[0]!.n)
    }
  } catch (error) {
    problems.push(`loading the dump: ${(error as Error).message}`)
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS \`${scratch}\``).catch(() => undefined)
    await admin.end()
  }
  return { counts, problems }
}

/** Loads a restored dump into an existing, empty database (a real restore). */
export async function restoreMysqlInto(databaseUrl: string, file: string) {
  const server = mysqlServerOf(databaseUrl)
  const conn = await connect(server, server.database)
  try {
    const [tables] = (await conn.query('SHOW TABLES')) as unknown as [unknown[]]
    if (tables.length) throw new Error(`${server.database} is not empty: restore into a new database`)
  } finally {
    await conn.end()
  }
  await loadMysqlDump(server, server.database, file)
}
