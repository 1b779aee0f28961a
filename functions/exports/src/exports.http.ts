// HTTP suite of the exports, run on Node, workerd and Deno by the conformance harness: the
// orders export (SQL) and the raw clicks and conversions (ClickHouse). Each case finds the
// purchase it made itself.
import { demo } from '@glam/db/demo'
import { expectError } from '@glam/testing/expect-error'
import { loginBearer } from '@glam/testing/login-token'
import { purchase as purchaseBody } from '@glam/testing/purchase'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const exportPath = (campaign: string) => `/api/exports/campaigns/${campaign}/orders.csv`
const header =
  'order_id,placed_at,status,currency,total,refunded,net,coupon,source,attribution,influencer,link,click_id,line_no,sku,name,price,quantity'

/** The export's lines as cells (the cells used here hold no commas, quotes or line breaks). */
const csvRows = (text: string) =>
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '')
    .map((line) => line.split(','))

const clickUuid = (token: string) =>
  Buffer.from(token, 'base64url')
    .subarray(0, 16)
    .toString('hex')
    .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5')

/** A purchase through a click on summer-lena, once per runtime's run: its order id and click id. */
const purchases = new Map<string, Promise<{ orderId: string; clickId: string }>>()
function purchase(t: HttpTarget) {
  let made = purchases.get(t.url)
  if (!made) {
    made = (async () => {
      const redirect = await t.fetch('/summer-lena', { redirect: 'manual' })
      const clickId = new URL(redirect.headers.get('location')!).searchParams.get('glam_cid')!
      const orderId = `export-${t.runtime}-${Date.now().toString(36)}`
      const collect = await t.fetch('/collect', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: demo.shopOrigin },
        body: JSON.stringify(
          purchaseBody(orderId, {
            total: 34.9,
            currency: 'EUR',
            clickId,
            items: [
              { sku: '=CMD', name: '=SUM(A1)', price: 10, quantity: 2 },
              { sku: 'GLOSS-1', name: 'Lip gloss', price: 14.9, quantity: 1 },
            ],
          }),
        ),
      })
      expect(collect.status).toBe(202)
      return { orderId, clickId }
    })()
    purchases.set(t.url, made)
    made.catch(() => purchases.delete(t.url))
  }
  return made
}

const eventsPath = (kind: 'clicks' | 'conversions', campaign: string) =>
  `/api/exports/campaigns/${campaign}/${kind}.csv`

/** The rows of a ClickHouse export whose column `column` is `value`, waiting for the events to land. */
async function eventRows(
  t: HttpTarget,
  kind: 'clicks' | 'conversions',
  column: string,
  value: string,
  headers: Record<string, string>,
) {
  let found: Record<string, string>[] = []
  await expect
    .poll(
      async () => {
        const res = await t.fetch(eventsPath(kind, demo.campaignId), { headers })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
        const [names = [], ...rows] = csvRows(await res.text())
        found = rows
          .map((r) => Object.fromEntries(names.map((name, i) => [name, r[i] ?? ''])))
          .filter((r) => r[column] === value)
        return found.length
      },
      { timeout: 10_000, interval: 200 },
    )
    .toBe(1)
  return found[0]!
}

/** The export's rows of one order, waiting briefly for the purchase to be stored. */
async function exportedRows(t: HttpTarget, orderId: string, headers: Record<string, string> = admin) {
  let rows: string[][] = []
  await expect
    .poll(
      async () => {
        const res = await t.fetch(exportPath(demo.campaignId), { headers })
        expect(res.status).toBe(200)
        rows = csvRows(await res.text()).filter((r) => r[0] === orderId)
        return rows.length
      },
      { timeout: 5_000, interval: 100 },
    )
    .toBe(2)
  return rows
}

export const exportsSuite = defineHttpSuite({
  name: 'exports',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET orders.csv is a CSV attachment, uncached, with a BOM and the header row',
      async run(t) {
        const res = await t.fetch(exportPath(demo.campaignId), { headers: admin })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8')
        expect(res.headers.get('content-disposition')).toBe('attachment; filename="Summer-Glow-orders.csv"')
        expect(res.headers.get('cache-control')).toBe('private, no-store')
        const bytes = new Uint8Array(await res.arrayBuffer())
        // A UTF-8 BOM, for spreadsheets (Response.text() would strip it).
        expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
        expect(new TextDecoder().decode(bytes).split('\n')[0]).toBe(header)
      },
    },
    {
      name: 'a purchase made through a click is exported line by line, attributed, with formulas neutralised',
      async run(t) {
        const { orderId, clickId } = await purchase(t)
        const rows = await exportedRows(t, orderId)
        const cells = rows.map((r) => Object.fromEntries(header.split(',').map((name, i) => [name, r[i]])))
        const common = {
          order_id: orderId,
          status: 'placed',
          currency: 'EUR',
          total: '34.90',
          refunded: '0.00',
          net: '34.90',
          source: 'browser',
          attribution: 'last_click',
          influencer: 'lena',
          link: 'summer-lena',
          // The click's id: the first 16 bytes of the signed `glam_cid` token.
          click_id: clickUuid(clickId),
        }
        expect(cells).toEqual([
          expect.objectContaining({
            ...common,
            line_no: '1',
            sku: "'=CMD",
            name: "'=SUM(A1)",
            price: '10.00',
            quantity: '2',
          }),
          expect.objectContaining({
            ...common,
            line_no: '2',
            sku: 'GLOSS-1',
            name: 'Lip gloss',
            price: '14.90',
            quantity: '1',
          }),
        ])
        expect(Date.parse(cells[0]!.placed_at!)).toBeGreaterThan(Date.now() - 10 * 60_000)
      },
    },
    {
      name: 'an unknown or malformed campaign and another format answer 404 NOT_FOUND; the export is unchanged',
      async run(t) {
        const { orderId } = await purchase(t)
        const before = await exportedRows(t, orderId)
        for (const path of [
          exportPath('01900000-0000-7000-8000-00000000dead'),
          exportPath('not-a-campaign'),
          exportPath(`${demo.campaignId}%27%20OR%201=1--`),
          `/api/exports/campaigns/${demo.campaignId}/orders.json`,
          `/api/exports/campaigns/${demo.campaignId}/visits.csv`,
          eventsPath('clicks', '01900000-0000-7000-8000-00000000dead'),
          eventsPath('conversions', 'not-a-campaign'),
          eventsPath('clicks', `${demo.campaignId}%27%20OR%201=1--`),
        ]) {
          await expectError(await t.fetch(path, { headers: admin }), 404, 'NOT_FOUND')
        }
        expect(await exportedRows(t, orderId)).toEqual(before)
      },
    },
    {
      name: 'the click and the order are in clicks.csv and conversions.csv, with click ids for staff only',
      async run(t) {
        const { orderId, clickId } = await purchase(t)
        const id = clickUuid(clickId)
        const click = await eventRows(t, 'clicks', 'click_id', id, admin)
        expect(click).toMatchObject({ link: 'summer-lena', link_id: demo.lenaLinkId, influencer: 'lena' })
        const order = await eventRows(t, 'conversions', 'order_id', orderId, admin)
        expect(order).toMatchObject({
          total: '34.90',
          net: '34.90',
          click_id: id,
          link: 'summer-lena',
          attribution: 'last_click',
        })
        const client = await loginBearer(t, 'client@demo.glam')
        const theirs = await eventRows(t, 'conversions', 'order_id', orderId, client)
        expect(theirs).not.toHaveProperty('click_id')
        expect(theirs).toMatchObject({ influencer: 'lena', attribution: 'last_click' })
        const clicks = await t.fetch(eventsPath('clicks', demo.campaignId), { headers: client })
        const text = await clicks.text()
        expect(text.split(/\r?\n/)[0]).not.toMatch(/click_id|is_bot|bot_reason/)
        expect(text).not.toContain(id)
        await expectError(
          await t.fetch(eventsPath('clicks', demo.nordlicht.campaignId), { headers: client }),
          404,
          'NOT_FOUND',
        )
      },
    },
    {
      name: "no credential answers 401 UNAUTHORIZED; an influencer is 403 FORBIDDEN; the customer's client gets the CSV",
      async run(t) {
        const anonymous = await t.fetch(exportPath(demo.campaignId))
        await expectError(anonymous, 401, 'UNAUTHORIZED')
        expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="glam"/)
        await expectError(
          await t.fetch(exportPath(demo.campaignId), {
            headers: { authorization: 'Bearer glam_no_such_key_0000' },
          }),
          401,
          'UNAUTHORIZED',
        )
        const lena = await loginBearer(t, 'lena@demo.glam')
        await expectError(await t.fetch(exportPath(demo.campaignId), { headers: lena }), 403, 'FORBIDDEN')
        const { orderId } = await purchase(t)
        const client = await loginBearer(t, 'client@demo.glam')
        expect(await exportedRows(t, orderId, client)).toHaveLength(2)
      },
    },
  ],
})
