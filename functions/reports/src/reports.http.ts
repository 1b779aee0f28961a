// HTTP suite of the reports, run on Node, workerd and Deno by the conformance harness: clicks
// through a fresh link of Summer Glow (one visitor, three countries' headers) reach the hourly rollups of each runtime's ClickHouse and
// come back in the link report (JSON and CSV) and the campaign overview; a client reads its own
// customer only (another's campaign is 404); bad filters are 400 naming the field; a share link
// opens without a login.
import { demo } from '@glam/db/demo'
import { clickedLink } from '@glam/testing/clicked-link'
import { expectError } from '@glam/testing/expect-error'
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Instagram 300.0'
// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Json = Record<string, any>

/** The last two days, whole hours (what the rollups answer). */
const windowNow = () => {
  const to = new Date(Math.ceil(Date.now() / 3_600_000) * 3_600_000 + 3_600_000)
  return { from: new Date(to.getTime() - 2 * 86_400_000).toISOString(), to: to.toISOString() }
}

const json = async (t: HttpTarget, path: string, headers: Record<string, string> = admin) => {
  const res = await t.fetch(path, { headers })
  return { res, body: (await res.json()) as Json }
}

/** A link of its own per runtime, clicked three times from one phone (three countries' headers). */
const reportsLink = (t: HttpTarget) =>
  clickedLink(t, {
    prefix: 'reports',
    campaignId: demo.campaignId,
    clicks: ['DE', 'AT', 'CH'].map((country) => ({ userAgent: iphone, country })),
    // Events are written in batches and rolled up as they arrive: wait for all three.
    arrived: async (id) => {
      const q = new URLSearchParams({ ...windowNow(), link: id }).toString()
      await expect
        .poll(async () => (await json(t, `/api/reports/links?${q}`)).body.rows?.[0]?.figures?.clicks, {
          timeout: 15_000,
          interval: 250,
        })
        .toBe(3)
    },
  })

export const reportsSuite = defineHttpSuite({
  name: 'reports',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'clicks reach the rollups and the link report, its CSV and the campaign overview',
      async run(t) {
        const { id, slug } = await reportsLink(t)
        const q = new URLSearchParams({ ...windowNow(), link: id }).toString()
        const links = await json(t, `/api/reports/links?${q}`)
        expect(links.res.status).toBe(200)
        expect(links.body).toMatchObject({ view: 'links', source: 'rollup', total: 1 })
        expect(links.body.rows[0]).toMatchObject({ link: { id, slug }, figures: { clicks: 3, visitors: 1 } })

        const csv = await t.fetch(`/api/exports/reports/links.csv?${q}`, { headers: admin })
        expect(csv.status).toBe(200)
        expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
        const lines = (await csv.text())
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\n')
        expect(lines).toHaveLength(2)
        expect(lines[1]!.startsWith(`${id},${slug},`)).toBe(true)

        const overview = await json(
          t,
          `/api/reports/campaign-overview?${new URLSearchParams({ ...windowNow(), campaign: demo.campaignId, link: id, bucket: 'hour' })}`,
        )
        expect(overview.res.status).toBe(200)
        expect(overview.body.totals.clicks).toBe(3)
        expect(overview.body.series).toHaveLength(48)
        expect(overview.body.series.reduce((n: number, p: Json) => n + p.clicks, 0)).toBe(3)
        expect(overview.body.countries.map((c: Json) => c.key).sort()).toEqual(['AT', 'CH', 'DE'])
      },
    },
    {
      name: 'a client reads its own customer only; bad filters are 400 naming the field',
      async run(t) {
        const client = await loginBearer(t, 'client@demo.glam')
        const campaigns = await json(t, `/api/reports/campaigns?${new URLSearchParams(windowNow())}`, client)
        expect(campaigns.res.status).toBe(200)
        expect(campaigns.body.rows.map((r: Json) => r.campaign.name)).toEqual(['Summer Glow'])
        expect(campaigns.body.rows[0].figures.botClicks).toBeUndefined()
        const other = await t.fetch(`/api/reports/campaign-overview?campaign=${demo.nordlicht.campaignId}`, {
          headers: client,
        })
        await expectError(other, 404, 'NOT_FOUND')
        const bad = await expectError<{ path: string }[]>(
          await t.fetch('/api/reports/links?from=yesterday&sort=mood', { headers: client }),
          400,
          'VALIDATION_FAILED',
        )
        expect(bad.error.details?.map((d) => d.path).sort()).toEqual(['from', 'sort'])
        await expectError(await t.fetch('/api/reports/links'), 401, 'UNAUTHORIZED')
      },
    },
    {
      name: 'a share link opens the report without a login, read only',
      async run(t) {
        const created = await t.fetch('/api/share-links', {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({
            view: 'campaign-overview',
            filters: { campaign: demo.campaignId, ...windowNow() },
            label: `conformance ${t.runtime}`,
          }),
        })
        expect(created.status).toBe(201)
        const { url } = (await created.json()) as { url: string }
        const path = new URL(url, t.url).pathname
        const page = await t.fetch(path)
        expect(page.status).toBe(200)
        expect(page.headers.get('content-type')).toMatch(/^text\/html/)
        expect(await page.text()).toContain('Summer Glow')
        const asJson = await t.fetch(`${path}?format=json`)
        const shared = (await asJson.json()) as Json
        expect(shared.report.campaign.id).toBe(demo.campaignId)
        expect(shared.report.totals.botClicks).toBeUndefined()
        // An unknown token: the same 404 page as any other (HTML: it is a page).
        expect((await t.fetch('/r/not-a-token-at-all-000000000000')).status).toBe(404)
      },
    },
  ],
})
