// What a redirect writes into Location, over a real socket on Node, for links stored before URLs
// were normalised at write (inserted straight into the database, raw): every Location is the
// WHATWG href, with an explicit empty fragment when the destination has none of its own; one
// that still cannot be written answers a logged 500 for that request only, never an empty reply.
import { createMemoryLogger } from '@glam/core'
import { demo } from '@glam/db/demo'
import { repositoriesOf } from '@glam/db/repositories/index'
import { startNodeServer } from '@glam/platform/node'
import { prepareNodePlatform } from '@glam/platform/node/prepare'
import { testConfig } from '@glam/testing/platform'
import { rawRequest } from '@glam/testing/raw-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const past = new Date('2020-01-01T00:00:00Z')
const accents = `https://shop.example/${'é'.repeat(2020)}`

/** Raw links, as older versions stored them: slug → fields. */
const raw: Record<string, Record<string, unknown>> = {
  'fb-euro': { fallbackUrl: 'https://example.com/€', expiresAt: past },
  'fb-idn': { fallbackUrl: 'https://раураl.com/', expiresAt: past },
  'fb-latin1': { fallbackUrl: 'https://example.com/café', expiresAt: past },
  'fb-messy': { fallbackUrl: ' HTTPS://Shop.Example\\a b\t', expiresAt: past },
  'fb-accents': { fallbackUrl: accents, expiresAt: past },
  'fb-fragment': { fallbackUrl: 'https://shop.example/sale#top', expiresAt: past },
  'dest-idn': { destination: 'https://раураl.com/' },
  'dest-euro': { destination: 'https://example.com/€?q=ä' },
  'dest-messy': { destination: '\tHTTPS:\\\\shop.example\\x y' },
  'dest-fragment': { destination: 'https://shop.example/p#reviews' },
  'dest-accents': { destination: accents },
  'dest-country': {
    destination: 'https://shop.example/',
    rules: { countries: { DE: 'https://shop.example/ä€' } },
  },
}

describe('Location headers on every path', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let base: string
  const memory = createMemoryLogger('info')
  beforeAll(async () => {
    const config = testConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      GLAM_SCHEDULER: 'false',
      GLAM_EVENTS: 'memory',
    })
    server = await startNodeServer(config, await prepareNodePlatform(config, { logger: memory.logger }))
    base = `http://127.0.0.1:${server.port}`
    const links = repositoriesOf(server.platform).links
    for (const [slug, fields] of Object.entries(raw))
      await links.create({
        slug,
        destination: 'https://shop.example/',
        customerId: demo.customerId,
        ...fields,
      })
  })
  afterAll(() => server?.shutdown('test'))

  // `/<slug>` takes the Node fast path; a percent-encoded first letter is the same slug to Hono's
  // router (`/:slug` decodes it) but not to the fast path, so it reaches the Hono route.
  const paths = (slug: string) => ({
    fast: `/${slug}`,
    hono: `/%${slug.charCodeAt(0).toString(16).toUpperCase()}${slug.slice(1)}`,
  })
  const get = (path: string, headers: Record<string, string> = {}) =>
    rawRequest(`${base}${path}`, { headers: { 'x-request-id': `loc-${path.length}`, ...headers } })

  it.each([
    ['fb-euro', /^https:\/\/example\.com\/%E2%82%AC#$/],
    ['fb-idn', /^https:\/\/xn--l-7sba6dbr\.com\/#$/],
    ['fb-latin1', /^https:\/\/example\.com\/caf%C3%A9#$/],
    ['fb-messy', /^https:\/\/shop\.example\/a%20b#$/],
    ['fb-fragment', /^https:\/\/shop\.example\/sale#top$/],
    ['dest-idn', /^https:\/\/xn--l-7sba6dbr\.com\/\?glam_cid=[\w-]{54}#$/],
    ['dest-euro', /^https:\/\/example\.com\/%E2%82%AC\?q=%C3%A4&glam_cid=[\w-]{54}#$/],
    ['dest-messy', /^https:\/\/shop\.example\/x%20y\?glam_cid=[\w-]{54}#$/],
    ['dest-fragment', /^https:\/\/shop\.example\/p\?glam_cid=[\w-]{54}#reviews$/],
  ])(
    '%s redirects to the normalised href, with a fragment of its own or an empty one',
    async (slug, location) => {
      for (const [via, path] of Object.entries(paths(slug))) {
        const res = await get(path)
        expect(res.status, via).toBe(302)
        expect(res.headers.location, via).toMatch(location)
        expect(res.headers['x-request-id'], via).toBe(`loc-${path.length}`)
      }
    },
  )

  it('normalises targeting URLs and forwarded queries too', async () => {
    for (const [via, path] of Object.entries(paths('dest-country'))) {
      const res = await get(`${path}?utm_source=%C3%BC`, { 'cf-ipcountry': 'DE' })
      expect(res.status, via).toBe(302)
      expect(res.headers.location, via).toMatch(
        /^https:\/\/shop\.example\/%C3%A4%E2%82%AC\?utm_source=%C3%BC&glam_cid=[\w-]{54}#$/,
      )
    }
  })

  it('a Location of about 12 KB (2,020 × é) answers a logged 500 for that request only', async () => {
    for (const slug of ['dest-accents', 'fb-accents']) {
      for (const [via, path] of Object.entries(paths(slug))) {
        const id = `long-${slug}-${via}`
        const res = await get(path, { 'x-request-id': id })
        expect(res.status, `${slug} ${via}`).toBe(500)
        expect(res.headers.location).toBeUndefined()
        expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'INTERNAL', requestId: id } })
        // The Hono route's errors get theirs from the app's error handler (@glam/core).
        if (via === 'fast') expect(res.headers['x-content-type-options']).toBe('nosniff')
        await expect
          .poll(() => memory.records().some((r) => r.event === 'request.failed' && r.requestId === id))
          .toBe(true)
      }
    }
    // The failure stays with its request: the next one on the same process is answered.
    expect((await get('/summer-lena')).status).toBe(302)
    expect((await get('/fb-euro')).status).toBe(302)
  })

  it('HEAD is answered like GET', async () => {
    const res = await rawRequest(`${base}/fb-euro`, { method: 'HEAD' })
    expect(res.status).toBe(302)
    expect(res.headers.location).toBe('https://example.com/%E2%82%AC#')
  })
})
