// `npm run feeds -- import <shop> <file-or-url> … --dry-run --json` end to end: exactly one JSON
// object on stdout (through npm, as the README writes it), files and URLs (the SSRF-safe fetch
// and its allow-list), usage errors, and no database needed for the demo shop.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectDatabase, createRepositories, migrateDatabase } from '@glam/db'
import { runScript } from '@glam/testing/child'
import { repoRoot } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'glam-feeds-cli-'))
const feed = join(dir, 'products.xml')
writeFileSync(
  feed,
  `<?xml version="1.0"?><rss version="2.0" xmlns:g="http://base.google.com/ns/1.0"><channel>
<item><g:id>1</g:id><title>Mascara</title><link>https://shop.example/1</link><g:image_link>https://shop.example/1.jpg</g:image_link><g:price>9.90 EUR</g:price><g:availability>in stock</g:availability></item>
<item><g:id>2</g:id><title>Kajal</title><link>https://shop.example/2</link><g:image_link>https://shop.example/2.jpg</g:image_link><g:price>9,90 €</g:price><g:availability>in stock</g:availability></item>
</channel></rss>`,
)

const env = { ...process.env, GLAM_ENV: 'development', DATABASE_URL: `file:${join(dir, 'none.db')}` }
const cli = (args: string[], extra: Record<string, string> = {}) =>
  runScript('scripts/feeds.ts', args, { cwd: repoRoot, env: { ...env, ...extra } })

describe('npm run feeds', () => {
  let server: Server
  let port: number
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feeds/products.xml') {
        res.writeHead(200, { 'content-type': 'application/xml' })
        res.end(readFileSync(feed))
      } else if (req.url === '/elsewhere') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' })
        res.end()
      } else {
        res.writeHead(404)
        res.end()
      }
    })
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
    port = (server.address() as AddressInfo).port
  })
  afterAll(() => server?.close())

  it('prints exactly one JSON object through npm, as the README writes the command', () => {
    const result = spawnSync('npm', ['run', 'feeds', '--', 'import', 'demo', feed, '--dry-run', '--json'], {
      cwd: repoRoot,
      env,
      encoding: 'utf8',
      timeout: 60_000,
    })
    expect(result.status).toBe(0)
    const report = JSON.parse(result.stdout)
    expect(report).toMatchObject({
      outcome: 'IMPORTED_WITH_ERRORS',
      feedErrors: [],
      counts: { rowsRead: 2, valid: 1, invalid: 1, created: 0, updated: 0, unchanged: 0, deactivated: 0 },
      invalidByReason: { INVALID_CURRENCY: 1 },
      invalid: [{ row: 2, id: '2', reason: 'INVALID_CURRENCY', message: expect.any(String) }],
    })
    expect(result.stdout.trim().split('\n')).toHaveLength(1)
  })

  it('fetches a URL on the allow-list and refuses one that redirects to the metadata address', async () => {
    const allowed = { GLAM_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}` }
    const ok = await cli(
      ['import', 'demo', `http://127.0.0.1:${port}/feeds/products.xml`, '--dry-run', '--json'],
      allowed,
    )
    expect(JSON.parse(ok.stdout)).toMatchObject({ outcome: 'IMPORTED_WITH_ERRORS', counts: { valid: 1 } })
    const blocked = await cli(
      ['import', 'demo', `http://127.0.0.1:${port}/feeds/products.xml`, '--dry-run', '--json'],
      {
        GLAM_FETCH_ALLOW_HOSTS: '',
      },
    )
    expect(JSON.parse(blocked.stdout)).toMatchObject({
      outcome: 'FEED_REJECTED',
      feedErrors: [{ reason: 'FETCH_FAILED', message: expect.stringMatching(/FETCH_BLOCKED/) }],
    })
    const redirected = await cli(
      ['import', 'demo', `http://127.0.0.1:${port}/elsewhere`, '--dry-run', '--json'],
      allowed,
    )
    expect(JSON.parse(redirected.stdout).feedErrors[0].message).toMatch(/FETCH_BLOCKED/)
    const missing = await cli(
      ['import', 'demo', `http://127.0.0.1:${port}/nope.csv`, '--dry-run', '--json'],
      allowed,
    )
    expect(JSON.parse(missing.stdout).feedErrors[0]).toMatchObject({
      reason: 'FETCH_FAILED',
      message: expect.stringMatching(/404/),
    })
  })

  it('explains usage errors, an unknown shop and a missing file', async () => {
    const usage = await cli(['import', 'demo'])
    expect(usage.status).toBe(64)
    expect(usage.stderr).toMatch(/usage: npm run feeds -- import <shop> <file-or-url>/)
    const format = await cli(['import', 'demo', feed, '--format', 'xlsx', '--json', '--dry-run'])
    expect(format.status).toBe(64)
    expect(JSON.parse(format.stdout)).toEqual({
      error: { code: 'USAGE', message: expect.stringMatching(/--format must be one of/) },
    })
    const shop = await cli(['import', 'no-such-shop', feed, '--dry-run', '--json'])
    expect(shop.status).toBe(64)
    expect(JSON.parse(shop.stdout).error.code).toBe('UNKNOWN_SHOP')
    const file = await cli(['import', 'demo', join(dir, 'absent.csv'), '--dry-run', '--json'])
    expect(JSON.parse(file.stdout)).toMatchObject({
      outcome: 'FEED_REJECTED',
      feedErrors: [{ reason: 'FETCH_FAILED' }],
    })
  })

  it('writes the catalogue without --dry-run: created, then unchanged', async () => {
    const databaseUrl = { DATABASE_URL: `file:${join(dir, 'catalogue.db')}` }
    const first = JSON.parse((await cli(['import', 'demo', feed, '--json'], databaseUrl)).stdout)
    expect(first).toMatchObject({
      outcome: 'IMPORTED_WITH_ERRORS',
      counts: { valid: 1, created: 1, unchanged: 0 },
      runId: expect.any(String),
    })
    const again = await cli(['import', 'demo', feed], databaseUrl)
    expect(again.stdout).toMatch(/written: 0 created, 0 updated, 1 unchanged, 0 deactivated \(run /)
  })

  it('runs a registered feed by id, under its lease', async () => {
    const url = `file:${join(dir, 'registered.db')}`
    const database = await connectDatabase(url)
    await migrateDatabase(database)
    const repos = createRepositories({
      database,
      now: () => new Date(),
      masterKey: 'test-master-key-0123456789abcdef0123456789',
    })
    const feed = await repos.catalog.createFeed({
      shopId: 'shop-cli',
      name: 'CLI feed',
      url: `http://127.0.0.1:${port}/feeds/products.xml`,
    })
    const env = { DATABASE_URL: url, GLAM_FETCH_ALLOW_HOSTS: `127.0.0.1:${port}` }
    const ran = await cli(['run', feed.id, '--json'], env)
    expect(ran.status).toBe(0)
    expect(JSON.parse(ran.stdout)).toMatchObject({ outcome: 'IMPORTED_WITH_ERRORS', counts: { created: 1 } })
    expect(await repos.leases.take({ name: `feeds/${feed.id}`, holder: 'test', ttlMs: 60_000 })).toBe(true)
    const busy = await cli(['run', feed.id, '--json'], env)
    expect(busy.status).toBe(2)
    expect(JSON.parse(busy.stdout).error.code).toBe('FEED_RUN_IN_PROGRESS')
    expect(JSON.parse((await cli(['run', 'nope', '--json'], env)).stdout).error.code).toBe('UNKNOWN_FEED')
    await database.close()
  })

  it('prints a summary without --json', async () => {
    const result = await cli(['import', 'demo', feed, '--dry-run'])
    expect(result.stdout).toMatch(/^IMPORTED_WITH_ERRORS {2}demo \(dry run: nothing written\)/)
    expect(result.stdout).toMatch(/row 2 \(2\): INVALID_CURRENCY/)
  })
})
