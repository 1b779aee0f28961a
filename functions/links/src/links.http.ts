// HTTP suite of the links API, run on Node, workerd and Deno by the conformance harness.
// Every case makes its own links (slugs carry the runtime and a stamp), so none depends on another.
import { demo } from '@glam/db/demo'
import { type ErrorBody, expectError } from '@glam/testing/expect-error'
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }
type Link = { id: string; slug: string; destination: string; status: string; redirectStatus: number }

let made = 0
const uniqueSlug = (t: HttpTarget, what: string) =>
  `${what}-${t.runtime}-${Date.now().toString(36)}-${(made++).toString(36)}`

const post = (t: HttpTarget, body: unknown, headers: Record<string, string> = admin) =>
  t.fetch('/api/links', { method: 'POST', headers, body: JSON.stringify(body) })

async function create(t: HttpTarget, fields: Record<string, unknown>): Promise<Link> {
  const res = await post(t, { campaignId: demo.campaignId, ...fields })
  expect(res.status).toBe(201)
  return ((await res.json()) as { link: Link }).link
}

const read = async (t: HttpTarget, id: string) => {
  const res = await t.fetch(`/api/links/${id}`, { headers: admin })
  expect(res.status).toBe(200)
  return (await res.json()) as Link & { shortUrl: string; qr: { svg: string; png: string[] } }
}

const redirect = (t: HttpTarget, slug: string) => t.fetch(`/${slug}`, { redirect: 'manual' })

const paths = (body: ErrorBody) => (body.error.details as { path: string }[]).map((d) => d.path)

export const linksSuite = defineHttpSuite({
  name: 'links',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'POST /api/links creates a link for a campaign; it reads back, is listed and redirects',
      async run(t) {
        const slug = uniqueSlug(t, 'made')
        const res = await post(t, {
          slug,
          destination: 'https://Shop.Example/p?x=1',
          campaignId: demo.campaignId,
        })
        expect(res.status).toBe(201)
        const { link, warnings } = (await res.json()) as { link: Link & { customerId: string }; warnings: [] }
        expect(warnings).toEqual([])
        expect(link).toMatchObject({
          slug,
          destination: 'https://shop.example/p?x=1',
          customerId: demo.customerId,
          status: 'active',
          redirectStatus: 302,
        })
        const one = await read(t, link.id)
        expect(one).toMatchObject({ id: link.id, slug, destination: 'https://shop.example/p?x=1' })
        expect(new URL(one.shortUrl).pathname).toBe(`/${slug}`)
        expect(one.qr.svg).toBe(`/api/links/${link.id}/qr.svg`)
        const list = await t.fetch(`/api/links?campaign=${demo.campaignId}&limit=100`, { headers: admin })
        expect(list.status).toBe(200)
        expect(((await list.json()) as { items: Link[] }).items.map((l) => l.id)).toContain(link.id)
        const click = await redirect(t, slug)
        expect(click.status).toBe(302)
        expect(click.headers.get('location')).toMatch(/^https:\/\/shop\.example\/p\?x=1&glam_cid=[\w-]{54}#$/)
      },
    },
    {
      name: 'PATCH /api/links/:id retargets a link: the read and the redirect (status and Location) follow',
      async run(t) {
        const slug = uniqueSlug(t, 'patch')
        const link = await create(t, { slug, destination: 'https://shop.example/a' })
        const patched = await t.fetch(`/api/links/${link.id}`, {
          method: 'PATCH',
          headers: admin,
          body: JSON.stringify({ destination: 'https://shop.example/b', redirectStatus: 307 }),
        })
        expect(patched.status).toBe(200)
        expect(await patched.json()).toMatchObject({
          id: link.id,
          slug,
          destination: 'https://shop.example/b',
          redirectStatus: 307,
        })
        expect(await read(t, link.id)).toMatchObject({
          destination: 'https://shop.example/b',
          redirectStatus: 307,
        })
        const click = await redirect(t, slug)
        expect(click.status).toBe(307)
        expect(click.headers.get('location')).toMatch(/^https:\/\/shop\.example\/b\?glam_cid=/)
      },
    },
    {
      name: 'a bad update answers 400 VALIDATION_FAILED naming the field, and the link is unchanged',
      async run(t) {
        const slug = uniqueSlug(t, 'keep')
        const link = await create(t, { slug, destination: 'https://shop.example/kept' })
        for (const [patch, path] of [
          [{ destination: 'javascript:alert(1)' }, 'destination'],
          [{ status: 'deleted' }, 'status'],
          [{ slug: 'renamed' }, ''],
          [{}, ''],
        ] as const) {
          const res = await t.fetch(`/api/links/${link.id}`, {
            method: 'PATCH',
            headers: admin,
            body: JSON.stringify(patch),
          })
          expect(paths(await expectError(res, 400, 'VALIDATION_FAILED')), JSON.stringify(patch)).toContain(
            path,
          )
        }
        expect(await read(t, link.id)).toMatchObject({
          slug,
          destination: 'https://shop.example/kept',
          status: 'active',
        })
        expect((await redirect(t, slug)).headers.get('location')).toMatch(/^https:\/\/shop\.example\/kept\?/)
        await expectError(
          await t.fetch('/api/links/01900000-0000-7000-8000-00000000dead', { headers: admin }),
          404,
          'NOT_FOUND',
        )
      },
    },
    {
      name: 'bad slugs and destinations answer 400 VALIDATION_FAILED naming the field; nothing is created',
      async run(t) {
        const slug = uniqueSlug(t, 'never')
        for (const [fields, path] of [
          [{ slug: 'a b/c' }, 'slug'],
          [{ slug: 'x' }, 'slug'],
          [{ slug: 'api' }, 'slug'],
          [{ slug: 'Admin' }, 'slug'],
          [{ slug, destination: 'javascript:alert(1)' }, 'destination'],
          [{ slug, destination: '/relative' }, 'destination'],
          [{ slug, owner: 'me' }, ''],
        ] as const) {
          const res = await post(t, {
            destination: 'https://shop.example/',
            campaignId: demo.campaignId,
            ...fields,
          })
          expect(paths(await expectError(res, 400, 'VALIDATION_FAILED')), JSON.stringify(fields)).toContain(
            path,
          )
        }
        const malformed = await t.fetch('/api/links', { method: 'POST', headers: admin, body: '{"slug":' })
        await expectError(malformed, 400, 'MALFORMED_JSON')
        await expectError(await redirect(t, slug), 404, 'NOT_FOUND')
        const list = await t.fetch(`/api/links?campaign=${demo.campaignId}&limit=100`, { headers: admin })
        expect(((await list.json()) as { items: Link[] }).items.map((l) => l.slug)).not.toContain(slug)
      },
    },
    {
      name: 'a taken slug answers 409 CONFLICT and the link keeps its destination; a case variant is a warned look-alike',
      async run(t) {
        const slug = uniqueSlug(t, 'taken')
        const first = await create(t, { slug, destination: 'https://shop.example/first' })
        const again = await post(t, {
          slug,
          destination: 'https://evil.example/',
          campaignId: demo.campaignId,
        })
        const body = await expectError(again, 409, 'CONFLICT')
        expect(body.error.details).toEqual({ slug })
        expect(await read(t, first.id)).toMatchObject({ slug, destination: 'https://shop.example/first' })
        expect((await redirect(t, slug)).headers.get('location')).toMatch(/^https:\/\/shop\.example\/first\?/)
        const variant = await post(t, {
          slug: slug.toUpperCase(),
          destination: 'https://shop.example/variant',
          campaignId: demo.campaignId,
        })
        expect(variant.status).toBe(201)
        expect(await variant.json()).toMatchObject({ warnings: [{ code: 'SLUG_LOOKALIKE', slugs: [slug] }] })
        expect((await redirect(t, slug)).headers.get('location')).toMatch(/^https:\/\/shop\.example\/first\?/)
      },
    },
    {
      name: 'no credential or a bad key answers 401 UNAUTHORIZED; a client may read its links but not write (403 FORBIDDEN)',
      async run(t) {
        const slug = uniqueSlug(t, 'denied')
        const body = { slug, destination: 'https://shop.example/', campaignId: demo.campaignId }
        const anonymous = await post(t, body, { 'content-type': 'application/json' })
        await expectError(anonymous, 401, 'UNAUTHORIZED')
        expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="glam"/)
        await expectError(await t.fetch('/api/links'), 401, 'UNAUTHORIZED')
        await expectError(
          await post(t, body, {
            authorization: 'Bearer glam_no_such_key_0000',
            'content-type': 'application/json',
          }),
          401,
          'UNAUTHORIZED',
        )
        const client = { ...(await loginBearer(t, 'client@demo.glam')), 'content-type': 'application/json' }
        const own = await t.fetch(`/api/links/${demo.lenaLinkId}`, { headers: client })
        expect(own.status).toBe(200)
        expect(await own.json()).toMatchObject({ slug: 'summer-lena' })
        await expectError(await post(t, body, client), 403, 'FORBIDDEN')
        await expectError(
          await t.fetch(`/api/links/${demo.lenaLinkId}`, {
            method: 'PATCH',
            headers: client,
            body: JSON.stringify({ status: 'paused' }),
          }),
          403,
          'FORBIDDEN',
        )
        await expectError(await redirect(t, slug), 404, 'NOT_FOUND')
        expect((await redirect(t, 'summer-lena')).status).toBe(302)
      },
    },
    {
      name: 'QR codes: SVG on every runtime; PNG in containers only (the worker has no PNG route)',
      async run(t) {
        const link = await create(t, { slug: uniqueSlug(t, 'qr'), destination: 'https://shop.example/' })
        const { qr } = await read(t, link.id)
        const svg = await t.fetch(qr.svg, { headers: admin })
        expect(svg.status).toBe(200)
        expect(svg.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8')
        expect(await svg.text()).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/)
        if (t.runtime === 'workerd') {
          // links-qr-png is `runtimes: ['container']` (qrcode's PNG writer needs Node streams):
          // the worker offers no PNG address, and the route is not there.
          expect(qr.png).toEqual([])
          await expectError(
            await t.fetch(`/api/links/${link.id}/qr.png?size=256`, { headers: admin }),
            404,
            'NOT_FOUND',
          )
          return
        }
        expect(qr.png).toEqual([256, 512, 1024].map((size) => `/api/links/${link.id}/qr.png?size=${size}`))
        const png = await t.fetch(qr.png[0]!, { headers: admin })
        expect(png.status).toBe(200)
        expect(png.headers.get('content-type')).toBe('image/png')
        const bytes = new Uint8Array(await png.arrayBuffer())
        expect(String.fromCharCode(...bytes.slice(1, 4))).toBe('PNG')
        expect(new DataView(bytes.buffer).getUint32(16)).toBe(256)
        await expectError(
          await t.fetch(`/api/links/${link.id}/qr.png?size=5000`, { headers: admin }),
          400,
          'VALIDATION_FAILED',
        )
      },
    },
  ],
})
