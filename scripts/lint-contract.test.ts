// The linter guards the function contract (biome.json's override for functions/**): a function
// importing a driver or heavy library, the platform's wiring, a Node module (outside a
// `*.container.ts` file) or reading process.env fails `npm run lint`. Each rule is proved here on
// fixtures linted with the repository's own configuration in a scratch tree.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('..', import.meta.url))
const biome = join(root, 'node_modules', '.bin', 'biome')

const forbidden: Record<string, [string, string]> = {
  'drizzle-orm': ["import { sql } from 'drizzle-orm'", 'noRestrictedImports'],
  'drizzle-orm/sqlite-core': ["import { text } from 'drizzle-orm/sqlite-core'", 'noRestrictedImports'],
  mysql2: ["import mysql from 'mysql2/promise'", 'noRestrictedImports'],
  '@libsql/client': ["import { createClient } from '@libsql/client'", 'noRestrictedImports'],
  '@clickhouse/client': ["import { createClient } from '@clickhouse/client'", 'noRestrictedImports'],
  chdb: ["import { query } from 'chdb'", 'noRestrictedImports'],
  ioredis: ["import Redis from 'ioredis'", 'noRestrictedImports'],
  sharp: ["import sharp from 'sharp'", 'noRestrictedImports'],
  'tesseract.js': ["import { createWorker } from 'tesseract.js'", 'noRestrictedImports'],
  'puppeteer-core': ["import puppeteer from 'puppeteer-core'", 'noRestrictedImports'],
  'playwright-core': ["import { chromium } from 'playwright-core'", 'noRestrictedImports'],
  '@glam/platform': ["import { x } from '@glam/platform'", 'noRestrictedImports'],
  '@glam/platform/local': [
    "import { createLocalPlatform } from '@glam/platform/local'",
    'noRestrictedImports',
  ],
  'node:fs': ["import { readFileSync } from 'node:fs'", 'noNodejsModules'],
  'process.env': ['const secret = process.env.GLAM_SECRET', 'noProcessEnv'],
}

const allowed: Record<string, string> = {
  // Tests, fixtures and HTTP suites drive real servers; container-only files may use Node.
  'functions/fake/src/uses-driver.test.ts': "import { sql } from 'drizzle-orm'",
  'functions/fake/src/server.fixture.ts': "import { createServer } from 'node:http'",
  'functions/fake/src/qr.container.ts': "import { Readable } from 'node:stream'",
  'packages/fake/src/adapter.ts': "import { sql } from 'drizzle-orm'",
  'functions/fake/src/handler.ts': "import { Hono } from 'hono'",
}

const fileOf = (name: string) => `functions/fake/src/${name.replace(/[^a-z0-9]+/gi, '-')}.ts`
const body = (line: string) => {
  const binding = /(?:import \{?\s*(\w+)|const (\w+))/.exec(line)
  return `${line}\nexport const used = ${binding?.[1] ?? binding?.[2]}\n`
}

let dir: string
let found: Map<string, string[]>

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'glam-lint-contract-'))
  const config = JSON.parse(readFileSync(join(root, 'biome.json'), 'utf8')) as Record<string, unknown>
  delete config.$schema
  config.vcs = { enabled: false }
  writeFileSync(join(dir, 'biome.json'), JSON.stringify(config))
  const files: Record<string, string> = { ...allowed }
  for (const [name, [line]] of Object.entries(forbidden)) files[fileOf(name)] = line
  for (const [path, line] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), body(line))
  }
  let output: string
  try {
    output = execFileSync(biome, ['lint', '--reporter=json', '--max-diagnostics=none', '.'], {
      cwd: dir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    })
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '')
  }
  const report = JSON.parse(output) as { diagnostics: { category: string; location: { path: string } }[] }
  found = new Map()
  for (const d of report.diagnostics) {
    const path = typeof d.location.path === 'string' ? d.location.path : JSON.stringify(d.location.path)
    found.set(path, [...(found.get(path) ?? []), d.category])
  }
}, 60_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the function contract in the linter', () => {
  it.each(Object.entries(forbidden))('refuses %s in a function', (name, [, rule]) => {
    expect(found.get(fileOf(name)) ?? []).toContain(
      `lint/${rule === 'noNodejsModules' ? 'correctness' : 'style'}/${rule}`,
    )
  })

  it.each(Object.keys(allowed))('lets %s be', (path) => {
    expect(found.get(path) ?? []).toEqual([])
  })
})
