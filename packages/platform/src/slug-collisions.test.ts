// Links made before a first segment was reserved: the start-up check names each one whose slug
// the reserved path now shadows (case-insensitively), and leaves every other slug alone.
import { isReservedSegment, reserveSegments } from '@glam/core'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { reportSlugCollisions } from './slug-collisions.ts'

type Records = () => Record<string, unknown>[]
const events = (records: Records, event: string) => records().filter((r) => r.event === event)

async function withLinks(slugs: string[]) {
  const t = await createTestAppWithDatabase()
  const demo = await t.repos.links.bySlug('summer-lena')
  // Straight through the repository: the API's slug validation would refuse the reserved ones.
  const made = []
  for (const slug of slugs)
    made.push(
      await t.repos.links.create({
        slug,
        destination: 'https://shop.example/',
        customerId: demo!.customerId,
      }),
    )
  return { ...t, made }
}

describe('links whose slug is a reserved first segment', () => {
  it('reports each colliding link once, with its id and slug, and no ordinary slug', async () => {
    const ordinary = ['webhooks-sale', 'api2', 'Metric', 'summer-webhooks']
    const { platform, made, logRecords } = await withLinks(['Webhooks', ...ordinary, 'metrics', 'API'])
    for (const slug of [...ordinary, 'summer-lena']) expect(isReservedSegment(slug), slug).toBe(false)
    const before = logRecords().length

    const report = await reportSlugCollisions(platform)

    const id = (slug: string) => made.find((l) => l.slug === slug)!.id
    expect(report.count).toBe(3)
    expect(report.collisions).toEqual(
      ['Webhooks', 'metrics', 'API'].map((slug) => ({ id: id(slug), slug, status: 'active' })),
    )
    expect(report.scanned).toBeGreaterThanOrEqual(made.length + 2) // and the demo links
    const lines = logRecords().slice(before)
    const reserved = lines.filter((r) => r.event === 'links.slug_reserved')
    expect(reserved).toHaveLength(3)
    expect(reserved.map((r) => [r.level, r.linkId, r.slug])).toEqual(
      ['Webhooks', 'metrics', 'API'].map((slug) => ['warn', id(slug), slug]),
    )
    expect(lines.filter((r) => r.event === 'links.slug_check')).toEqual([
      expect.objectContaining({ level: 'warn', collisions: 3, reported: 3, scanned: report.scanned }),
    ])
    const logged = JSON.stringify(lines)
    for (const slug of ordinary) expect(logged).not.toContain(`"${slug}"`)
  })

  it('is quiet on a clean database: an info summary at start-up and nothing reported', async () => {
    const { platform, logRecords } = await withLinks(['summer-glow', 'Healthz-tips'])
    expect(events(logRecords, 'links.slug_check')).toEqual([
      expect.objectContaining({ level: 'info', collisions: 0, reported: 0 }),
    ])
    expect(await reportSlugCollisions(platform)).toMatchObject({ count: 0, collisions: [] })
    expect(events(logRecords, 'links.slug_reserved')).toEqual([])
  })

  it('sees a first segment reserved after start (as a manifest reserves its claims)', async () => {
    const { platform, made } = await withLinks(['Notes-Fixture', 'notes-fixture-2'])
    expect((await reportSlugCollisions(platform)).count).toBe(0)
    reserveSegments(['notes-fixture'])
    expect((await reportSlugCollisions(platform)).collisions).toEqual([
      { id: made[0]!.id, slug: 'Notes-Fixture', status: 'active' },
    ])
  })

  it('runs at start-up: a restart on the same database names the link', async () => {
    const first = await withLinks(['metrics'])
    // No collision when the first instance started: the link came afterwards.
    expect(events(first.logRecords, 'links.slug_reserved')).toEqual([])
    const restarted = await createTestAppWithDatabase({ env: { DATABASE_URL: first.config.databaseUrl } })
    expect(events(restarted.logRecords, 'links.slug_reserved')).toEqual([
      expect.objectContaining({ level: 'warn', linkId: first.made[0]!.id, slug: 'metrics' }),
    ])
    expect(events(restarted.logRecords, 'links.slug_check')).toEqual([
      expect.objectContaining({ level: 'warn', collisions: 1 }),
    ])
    await restarted.platform.close?.()
    await first.platform.close?.()
  })

  it('reads the table in pages by id, counting every collision beyond the reported ones', async () => {
    const { repos, made } = await withLinks(['Api', 'auth', 'summer-x', 'STATIC', 'cdn', 'summer-y'])
    const all = (await repos.links.reservedSlugCollisions(isReservedSegment)).scanned
    const paged = await repos.links.reservedSlugCollisions(isReservedSegment, { pageSize: 2, limit: 2 })
    expect(paged.count).toBe(4)
    expect(paged.scanned).toBe(all)
    expect(paged.collisions.map((l) => l.slug)).toEqual(['Api', 'auth']) // oldest first
    const one = await repos.links.reservedSlugCollisions((slug) => slug === 'cdn', { pageSize: 1 })
    expect(one).toMatchObject({ count: 1, collisions: [{ id: made[4]!.id, slug: 'cdn' }] })
  })

  it('only logs links.slug_check_failed when the links cannot be read: the start goes on', async () => {
    const first = await createTestAppWithDatabase()
    await first.database.db.run(sql`alter table links rename to links_away`)
    const restarted = await createTestAppWithDatabase({
      env: { DATABASE_URL: first.config.databaseUrl, GLAM_DEMO_DATA: 'false' },
    })
    expect(events(restarted.logRecords, 'links.slug_check_failed')).toEqual([
      expect.objectContaining({ level: 'warn' }),
    ])
    await expect(reportSlugCollisions(restarted.platform)).rejects.toThrow()
    await restarted.platform.close?.()
    await first.platform.close?.()
  })
})
