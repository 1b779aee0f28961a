// The ordered list of functions and everything derived from it: mounts, reserved segments,
// OpenAPI, errors, jobs and the worker's cron triggers; a throwaway function declared only
// through its manifest; and the checks that refuse a list contradicting itself.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  type AppEnv,
  allReservedSegments,
  defineFunction,
  defineJob,
  GlamError,
  isReservedSegment,
  manifestProblems,
  reservedSegments,
} from '@glam/core'
import { sqlTableNames } from '@glam/db/tables'
import { eventTables, rollupTables } from '@glam/events/schema'
import { createTestAppWithDatabase, testConfig } from '@glam/testing/platform'
import { repoRoot } from '@glam/testing/runtimes'
import { Hono } from 'hono'
import { parse } from 'smol-toml'
import { describe, expect, it } from 'vitest'
import { createGlamApp } from './app.ts'
import { containerFunctions } from './container-routes.ts'
import { edgeCronSchedules, functionList, functions, jobCatalogue, prepareFunctionList } from './functions.ts'

const admin = { authorization: 'Bearer glam_dev_admin' }

declare module '@glam/core' {
  interface ErrorRegistry {
    NOTES_CLOSED: true
  }
}

/** A capability that exists only in this test: one folder's worth, declared by its manifest. */
const notesFunction = defineFunction({
  name: 'notes',
  description: 'Sticky notes (a test fixture).',
  mounts: [
    {
      path: '/notes',
      app: () =>
        new Hono<AppEnv>()
          .get('/', (c) => c.json({ items: ['first note'] }))
          .get('/closed', () => {
            throw new GlamError('NOTES_CLOSED')
          }),
    },
  ],
  claims: ['/notes/*'],
  runtimes: ['edge', 'container'],
  errors: { NOTES_CLOSED: { status: 403, message: 'Notes are closed.' } },
  openapi: {
    '/notes': { get: { summary: 'The notes', responses: { 200: { description: '`{ items }`' } } } },
  },
  jobs: [
    defineJob({
      name: 'notes-tidy',
      description: 'Tidies the notes.',
      schedule: '0 4 * * *',
      timezone: 'Europe/Berlin',
      timeoutMs: 10_000,
      edge: true,
      run: async () => ({ tidied: 0 }),
    }),
  ],
})

describe('the function list', () => {
  const all = functionList(containerFunctions)

  it('is consistent: claims, reserved segments, errors and jobs (containers included)', () => {
    expect(
      manifestProblems(all, { reserved: allReservedSegments(), coreErrors: {} }).filter(
        (p) => !p.startsWith('error'),
      ),
    ).toEqual([])
    expect(() => prepareFunctionList(all)).not.toThrow()
    expect(functions.at(-1)!.claims).toEqual(['/*'])
    expect(all.at(-1)!.name).toBe('redirect')
  })

  it('reserves every first segment the functions claim, beside the ones kept for later', () => {
    for (const segment of [
      'healthz',
      'readyz',
      'auth',
      'graphql',
      'collect',
      'pixel.js',
      'api',
      'dev',
      '.well-known',
    ])
      expect(isReservedSegment(segment), segment).toBe(true)
    for (const segment of reservedSegments) expect(isReservedSegment(segment)).toBe(true)
    expect(isReservedSegment('summer-lena')).toBe(false)
  })

  it('every route the app mounts starts with a reserved segment (or is the root or the catch-all)', () => {
    const app = createGlamApp({
      config: testConfig(),
      platform: () => ({}) as never,
      containerOnly: containerFunctions,
    })
    const unreserved = app.routes
      .map((r) => r.path)
      .filter((path) => !['/', '/*', '/:slug'].includes(path))
      .map((path) => path.slice(1).split('/')[0]!)
      .filter((segment) => segment !== '*' && !isReservedSegment(segment))
    expect([...new Set(unreserved)]).toEqual([])
  })

  it('documents every /api route in /api/openapi.json', async () => {
    const t = await createTestAppWithDatabase()
    const doc = (await (await t.app.request('/api/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>
    }
    const undocumented = t.app.routes
      .filter((r) => r.path.startsWith('/api/') && !['ALL', 'OPTIONS', 'HEAD'].includes(r.method))
      .filter((r) => !r.path.endsWith('*') && r.path !== '/api/openapi.json' && r.path !== '/api/docs')
      .map(
        (r) => [r.method.toLowerCase(), r.path.replace(/:([A-Za-z]+)/g, '{$1}').replace(/\/$/, '')] as const,
      )
      .filter(([method, path]) => !doc.paths[path]?.[method])
      .map(([method, path]) => `${method} ${path}`)
    expect([...new Set(undocumented)]).toEqual([])
  })

  it('names only tables that exist: SQL in both dialects, ClickHouse in the event schema', () => {
    const sqlite = new Set(sqlTableNames.sqlite)
    const mysql = new Set(sqlTableNames.mysql)
    const unknown = all.flatMap((f) => [
      ...(f.tables ?? []).filter((t) => !sqlite.has(t) || !mysql.has(t)).map((t) => `${f.name}: SQL ${t}`),
      ...(f.clickhouseTables ?? [])
        .filter((t) => !([...eventTables, ...rollupTables] as readonly string[]).includes(t))
        .map((t) => `${f.name}: ClickHouse ${t}`),
    ])
    expect(unknown).toEqual([])
  })

  it("carries every edge job's schedule in wrangler.toml's cron triggers", () => {
    const wrangler = parse(readFileSync(join(repoRoot, 'wrangler.toml'), 'utf8')) as {
      triggers: { crons: string[] }
    }
    expect(new Set(wrangler.triggers.crons)).toEqual(new Set(edgeCronSchedules()))
    expect(jobCatalogue.map((j) => j.name).sort()).toEqual([
      'alerts-digest',
      'alerts-send',
      'assets-gc',
      'events-rollups-repair',
      'health-probe',
      'newsletter-sends',
      'portal-sitemaps',
      'purge-expired',
      'rotate-signing-key',
      'search-sync',
    ])
  })
})

describe('a capability declared only through its manifest', () => {
  it('is mounted, reserves its segment, is documented, answers its errors and schedules its job', async () => {
    const list = functionList([notesFunction])
    const t = await createTestAppWithDatabase()
    const app = createGlamApp({ config: t.config, platform: () => t.platform, functions: list })
    expect(await (await app.request('/notes')).json()).toEqual({ items: ['first note'] })
    const closed = await app.request('/notes/closed')
    expect(closed.status).toBe(403)
    expect(((await closed.json()) as { error: { code: string } }).error.code).toBe('NOTES_CLOSED')
    // Its first segment is no slug any more.
    expect(isReservedSegment('notes')).toBe(true)
    const slug = await app.request('/api/links', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({
        slug: 'notes',
        destination: 'https://shop.example/',
        customerId: '00000000-0000-7000-8000-000000000001',
      }),
    })
    expect(slug.status).toBe(400)
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> }
    expect(doc.paths['/notes']).toBeDefined()
    const jobs = (await (await app.request('/api/jobs', { headers: admin })).json()) as {
      items: { name: string; schedule: string; timezone: string }[]
    }
    expect(jobs.items).toContainEqual(
      expect.objectContaining({ name: 'notes-tidy', schedule: '0 4 * * *', timezone: 'Europe/Berlin' }),
    )
    expect(edgeCronSchedules(list.flatMap((m) => m.jobs ?? []))).toContain('0 4 * * *')
  })

  it('is refused when its claims overlap another function, or its error code disagrees', () => {
    const squatter = defineFunction({
      name: 'squatter',
      description: 'Claims what the links function owns.',
      mounts: [{ path: '/api/links', app: () => new Hono<AppEnv>() }],
      claims: ['/api/links/{id}/extra'],
      runtimes: ['edge'],
    })
    expect(() => prepareFunctionList(functionList([squatter]))).toThrow(
      /squatter claims \/api\/links\/\{id\}\/extra, which overlaps \/api\/links\/\* of links/,
    )
    const twice = { ...notesFunction, name: 'notes-again', claims: ['/notes-again/*'] }
    expect(() => prepareFunctionList(functionList([notesFunction, twice]))).toThrow(
      /job notes-tidy is declared by notes and notes-again/,
    )
    const conflicting = {
      ...notesFunction,
      name: 'other',
      claims: ['/other/*'],
      jobs: [],
      errors: { NOT_FOUND: { status: 400, message: 'x' } },
    }
    expect(() => prepareFunctionList(functionList([conflicting]))).toThrow(
      /error NOT_FOUND is 400 in other but 404 in core/,
    )
    const late = { ...notesFunction, name: 'late', claims: ['/*'], jobs: [] }
    expect(manifestProblems([late, notesFunction], { reserved: ['notes'], coreErrors: {} })).toContain(
      'late claims the catch-all /* but is not last in the list',
    )
  })
})
