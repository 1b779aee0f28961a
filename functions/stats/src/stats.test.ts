// Click stats end to end on a real server: redirects recorded through the writer into
// embedded chDB, counted back by /api/stats/clicks.
import { startNodeRuntime } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const campaign = '00000000-0000-7000-8000-000000000005'
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Instagram 300.0'

describe('GET /api/stats/clicks', () => {
  let server: Awaited<ReturnType<typeof startNodeRuntime>>
  beforeAll(async () => {
    server = await startNodeRuntime({ GLAM_SCHEDULER: 'false' })
    const click = (slug: string, ua: string, country = 'DE') =>
      fetch(`${server.url}/${slug}`, {
        redirect: 'manual',
        headers: { 'user-agent': ua, 'cf-ipcountry': country },
      })
    for (let i = 0; i < 3; i++) await click('summer-lena', iphone)
    await click('summer-mia', iphone, 'AT')
    await click('summer-lena', 'WhatsApp/2.23.20.0')
  })
  afterAll(() => server?.stop())

  const stats = async (query: string) => {
    const res = await fetch(`${server.url}/api/stats/clicks?${query}`, { headers: admin })
    return {
      status: res.status,
      body: (await res.json()) as {
        totals: { clicks: number }
        groups: { key: string; clicks: number; visitors: number }[]
        timezone: string
      },
    }
  }

  it('counts a click within 5 s, bots excluded by default and countable on request', async () => {
    // All five clicks arrive within 5 s; the writer may deliver them in more than one batch, so
    // the wait is for the last (the bot's) before the counts are compared.
    await expect
      .poll(async () => (await stats(`campaign=${campaign}&bots=include`)).body.totals?.clicks, {
        timeout: 5_000,
        interval: 250,
      })
      .toBe(5)
    expect((await stats(`campaign=${campaign}`)).body.totals.clicks).toBe(4)
    expect((await stats(`campaign=${campaign}&bots=only`)).body.totals.clicks).toBe(1)
  })

  it("groups by day in the campaign's timezone, and by country, device and browser", async () => {
    const byDay = await stats(`campaign=${campaign}`)
    expect(byDay.body.timezone).toBe('UTC')
    expect(byDay.body.groups).toEqual([
      { key: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/), clicks: 4, visitors: 1 },
    ])
    expect((await stats(`campaign=${campaign}&group_by=country`)).body.groups).toEqual([
      { key: 'AT', clicks: 1, visitors: 1 },
      { key: 'DE', clicks: 3, visitors: 1 },
    ])
    expect((await stats(`campaign=${campaign}&group_by=device`)).body.groups).toEqual([
      { key: 'mobile', clicks: 4, visitors: 1 },
    ])
    expect((await stats(`campaign=${campaign}&group_by=day&tz=Pacific/Kiritimati`)).body.timezone).toBe(
      'Pacific/Kiritimati',
    )
  })

  it('refuses bad filters with 400 and a missing key with 401', async () => {
    for (const q of [
      'campaign=nope',
      'tz=Mars/Base',
      'group_by=planet',
      'from=2026-02-01&to=2026-01-01',
      'sql=1',
    ]) {
      const { status, body } = await stats(q)
      expect(status, q).toBe(400)
      expect(body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
    }
    expect((await fetch(`${server.url}/api/stats/clicks`)).status).toBe(401)
  })
})
