import { runJob } from '@glam/jobs'
import { containerJobCatalogue } from '@glam/platform/container-routes'
import { jobCatalogue } from '@glam/platform/functions'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'

describe('GET /api/jobs', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  const admin = { authorization: 'Bearer glam_dev_admin' }
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    await runJob(jobCatalogue.find((j) => j.name === 'purge-expired')!, {
      platform: t.platform,
      trigger: 'manual',
      triggeredBy: 'test',
      holder: 'test:1',
    })
  })

  it('lists every job with schedule, next tick and last run for a platform admin key', async () => {
    const res = await t.app.request('/api/jobs', { headers: admin })
    expect(res.status).toBe(200)
    const { items } = (await res.json()) as { items: { name: string; nextRunAt: string; lastRun: unknown }[] }
    // The test app is a container's (its container-only functions mounted): their jobs too.
    expect(items.map((j) => j.name)).toEqual(containerJobCatalogue.map((j) => j.name))
    const purge = items.find((j) => j.name === 'purge-expired')!
    expect(purge).toMatchObject({
      schedule: '17 * * * *',
      timezone: 'UTC',
      edge: true,
      nextRunAt: '2026-06-01T10:17:00.000Z',
    })
    expect(purge.lastRun).toMatchObject({ status: 'succeeded', trigger: 'manual' })
  })

  it('pages through runs of one job', async () => {
    const res = await t.app.request('/api/jobs/purge-expired/runs?limit=1', { headers: admin })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      items: [{ job: 'purge-expired', status: 'succeeded' }],
      nextCursor: null,
    })
  })

  it('refuses without a key (401), with a bad key (401), and with a customer-scoped key (403)', async () => {
    expect((await t.app.request('/api/jobs')).status).toBe(401)
    const bad = await t.app.request('/api/jobs', { headers: { authorization: 'Bearer glam_not_a_real_key' } })
    expect(bad.status).toBe(401)
    expect(bad.headers.get('www-authenticate')).toContain('Bearer')
    const { key } = await t.repos.apiKeys.create({ name: 'client', customerId: 'c1', scopes: ['*'] })
    const scoped = await t.app.request('/api/jobs', { headers: { authorization: `Bearer ${key}` } })
    expect(scoped.status).toBe(403)
    expect(await scoped.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
  })

  it('answers 404 for an unknown job and 400 for a bad page size', async () => {
    expect((await t.app.request('/api/jobs/nope/runs', { headers: admin })).status).toBe(404)
    const res = await t.app.request('/api/jobs/purge-expired/runs?limit=5000', { headers: admin })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })
})
