// HTTP suite of the click statistics, run on Node, workerd and Deno by the conformance harness:
// clicks through a fresh link go through the runtime's events writer into ClickHouse (Node's
// embedded chDB; the harness's chDB front for the worker and Deno) and are counted back.
import { demo } from '@glam/db/demo'
import { clickedLink } from '@glam/testing/clicked-link'
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const iphone =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Instagram 300.0'

type Stats = {
  from: string
  to: string
  timezone: string
  groupBy: string
  bots: string
  totals: { clicks: number }
  groups: { key: string; clicks: number; visitors: number }[]
}
type ErrorJson = { error: { code: string; details?: { path: string }[] } }

const stats = async (t: HttpTarget, query: string, headers: Record<string, string> = admin) => {
  const res = await t.fetch(`/api/stats/clicks?${query}`, { headers })
  return { res, body: (await res.json()) as Stats & ErrorJson }
}

const expectError = async (res: Response, body: ErrorJson, status: number, code: string) => {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(body.error.code).toBe(code)
}

/** A link of its own for each runtime's run, clicked 3 times from phones (DE, DE, AT) and once by a bot. */
const statsLink = async (t: HttpTarget): Promise<string> =>
  (
    await clickedLink(t, {
      prefix: 'stats',
      campaignId: demo.campaignId,
      clicks: [
        { userAgent: iphone, country: 'DE' },
        { userAgent: iphone, country: 'DE' },
        { userAgent: iphone, country: 'AT' },
        { userAgent: 'WhatsApp/2.23.20.0', country: 'DE' },
      ],
      // Events are written in batches: wait until all four are in ClickHouse.
      arrived: async (id) => {
        await expect
          .poll(async () => (await stats(t, `link=${id}&bots=include`)).body.totals?.clicks, {
            timeout: 10_000,
            interval: 200,
          })
          .toBe(4)
      },
    })
  ).id

/** A link placed on the portal (channel `portal`), clicked twice. */
const portalLink = async (t: HttpTarget): Promise<string> =>
  (
    await clickedLink(t, {
      prefix: 'portal',
      campaignId: demo.campaignId,
      channel: 'portal',
      clicks: [
        { userAgent: iphone, country: 'DE' },
        { userAgent: iphone, country: 'DE' },
      ],
      arrived: async (id) => {
        await expect
          .poll(async () => (await stats(t, `link=${id}`)).body.totals?.clicks, {
            timeout: 10_000,
            interval: 200,
          })
          .toBe(2)
      },
    })
  ).id

export const statsSuite = defineHttpSuite({
  name: 'stats',
  runtimes: allRuntimes,
  cases: [
    {
      name: "GET /api/stats/clicks counts a link's clicks by day (bots apart), over the last 30 days by default",
      async run(t) {
        const link = await statsLink(t)
        const { res, body } = await stats(t, `link=${link}`)
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        expect(body).toMatchObject({
          timezone: 'UTC',
          groupBy: 'day',
          bots: 'exclude',
          totals: { clicks: 3 },
        })
        // One day (two if the clicks straddled midnight UTC), one visitor a day: the same phone.
        expect(body.groups.length).toBeGreaterThanOrEqual(1)
        for (const group of body.groups) {
          expect(group.key).toMatch(/^\d{4}-\d{2}-\d{2}$/)
          expect(group.visitors).toBe(1)
        }
        expect(body.groups.reduce((sum, g) => sum + g.clicks, 0)).toBe(3)
        expect(Date.parse(body.to) - Date.parse(body.from)).toBe(30 * 24 * 3600 * 1000)
        expect((await stats(t, `link=${link}&bots=include`)).body.totals.clicks).toBe(4)
        expect((await stats(t, `link=${link}&bots=only`)).body.totals.clicks).toBe(1)
      },
    },
    {
      name: 'groups by country, device and browser; a time zone and a window are honoured',
      async run(t) {
        const link = await statsLink(t)
        // Visitors are counted per UTC day (the hash changes daily): only clicks are compared here.
        const counts = async (groupBy: string) =>
          (await stats(t, `link=${link}&group_by=${groupBy}`)).body.groups.map(({ key, clicks }) => ({
            key,
            clicks,
          }))
        expect(await counts('country')).toEqual([
          { key: 'AT', clicks: 1 },
          { key: 'DE', clicks: 2 },
        ])
        expect(await counts('device')).toEqual([{ key: 'mobile', clicks: 3 }])
        expect(await counts('channel')).toEqual([{ key: 'influencer', clicks: 3 }])
        expect((await stats(t, `link=${link}&group_by=browser`)).body.totals.clicks).toBe(3)
        const zoned = await stats(t, `link=${link}&tz=Pacific/Kiritimati`)
        expect(zoned.body).toMatchObject({ timezone: 'Pacific/Kiritimati', totals: { clicks: 3 } })
        const past = await stats(t, `link=${link}&from=2020-01-01&to=2020-02-01`)
        expect(past.body).toMatchObject({
          from: '2020-01-01T00:00:00.000Z',
          to: '2020-02-01T00:00:00.000Z',
          totals: { clicks: 0 },
          groups: [],
        })
      },
    },
    {
      name: "groups by channel: a link's channel is copied onto each of its clicks",
      async run(t) {
        const [portal, influencer] = await Promise.all([portalLink(t), statsLink(t)])
        const channels = async (query: string) =>
          (await stats(t, `${query}&group_by=channel`)).body.groups.map(({ key, clicks }) => ({
            key,
            clicks,
          }))
        expect(await channels(`link=${portal}`)).toEqual([{ key: 'portal', clicks: 2 }])
        const campaign = await channels(`campaign=${demo.campaignId}`)
        expect(campaign.find((g) => g.key === 'portal')?.clicks).toBeGreaterThanOrEqual(2)
        expect(campaign.find((g) => g.key === 'influencer')?.clicks).toBeGreaterThanOrEqual(3)
        const bad = await t.fetch('/api/links', {
          method: 'POST',
          headers: { ...admin, 'content-type': 'application/json' },
          body: JSON.stringify({
            destination: 'https://shop.example/',
            campaignId: demo.campaignId,
            channel: 'tv',
          }),
        })
        expect(bad.status).toBe(400)
        expect(((await bad.json()) as ErrorJson).error.code).toBe('VALIDATION_FAILED')
      },
    },
    {
      name: 'bad parameters answer 400 VALIDATION_FAILED naming the field; an unknown link 404; the figures stand',
      async run(t) {
        const link = await statsLink(t)
        for (const [query, path] of [
          ['link=nope', 'link'],
          [`link=${link}&tz=Mars/Base`, 'tz'],
          [`link=${link}&group_by=planet`, 'group_by'],
          [`link=${link}&bots=some`, 'bots'],
          [`link=${link}&from=yesterday`, 'from'],
          [`link=${link}&from=2026-02-01&to=2026-01-01`, 'from'],
          [`link=${link}&sql=1`, ''],
        ] as const) {
          const { res, body } = await stats(t, query)
          await expectError(res, body, 400, 'VALIDATION_FAILED')
          expect(
            body.error.details!.map((d) => d.path),
            query,
          ).toContain(path)
        }
        const unknown = await stats(t, 'link=01900000-0000-7000-8000-00000000dead')
        await expectError(unknown.res, unknown.body, 404, 'NOT_FOUND')
        const after = await stats(t, `link=${link}&bots=include`)
        expect(after.res.status).toBe(200)
        expect(after.body.totals.clicks).toBe(4)
      },
    },
    {
      name: "no credential answers 401 UNAUTHORIZED; an influencer sees her own link's figures, another's is NOT_FOUND",
      async run(t) {
        const anonymous = await stats(t, '', {})
        await expectError(anonymous.res, anonymous.body, 401, 'UNAUTHORIZED')
        expect(anonymous.res.headers.get('www-authenticate')).toMatch(/^Bearer realm="glam"/)
        const badKey = await stats(t, '', { authorization: 'Bearer glam_no_such_key_0000' })
        await expectError(badKey.res, badKey.body, 401, 'UNAUTHORIZED')
        const lena = await loginBearer(t, 'lena@demo.glam')
        const own = await stats(t, `link=${demo.lenaLinkId}`, lena)
        expect(own.res.status).toBe(200)
        expect(own.body.groupBy).toBe('day')
        const others = await stats(t, `link=${demo.miaLinkId}`, lena)
        await expectError(others.res, others.body, 404, 'NOT_FOUND')
        // The link the admin made belongs to no influencer: not hers either.
        const unowned = await stats(t, `link=${await statsLink(t)}`, lena)
        await expectError(unowned.res, unowned.body, 404, 'NOT_FOUND')
      },
    },
  ],
})
