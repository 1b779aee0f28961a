// Link URLs (destinations, fallbacks, targeting URLs) are checked and stored as the WHATWG
// parser's normalised href; in production no private or local host passes, whatever its spelling.
import { demo } from '@glam/db'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import { beforeAll, describe, expect, it } from 'vitest'
import { bulkSchema, createLinkSchema, updateLinkSchema } from './schemas.ts'

const admin = { authorization: 'Bearer glam_dev_admin', 'content-type': 'application/json' }
const base = { destination: 'https://shop.example/', customerId: demo.customerId }

/** Every place a link holds a URL, with `url` in it. */
const placements: [string, (url: string) => Record<string, unknown>, string][] = [
  ['destination', (url) => ({ destination: url }), 'destination'],
  ['fallbackUrl', (url) => ({ fallbackUrl: url }), 'fallbackUrl'],
  ['a country target', (url) => ({ rules: { countries: { DE: url } } }), 'rules.countries.DE'],
  ['the iOS target', (url) => ({ rules: { os: { ios: url } } }), 'rules.os.ios'],
  ['the Android target', (url) => ({ rules: { os: { android: url } } }), 'rules.os.android'],
]

const privateSpellings = [
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:7f00:1]/',
  'http://[::ffff:10.0.0.1]/',
  'http://[::ffff:169.254.169.254]/',
  'http://[::ffff:a9fe:a9fe]/',
  'http://[0:0:0:0:0:ffff:127.0.0.1]/',
  'http://[::]/',
  'http://[::1]/',
  'http://[64:ff9b::7f00:1]/',
  'http://[64:ff9b::a00:1]/',
  'http://[2002:7f00:1::]/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://[ff02::1]/',
  'http://100.64.0.1/',
  'http://0x7f.1/',
  'http://2130706433/',
  'http://017700000001/',
  'http://127.1/',
  'http://127.0.0.1./',
  'http://①②⑦.0.0.1/',
  'http://0.0.0.0/',
  'http://0/',
  'http://10.1.2.3/',
  'http://172.16.0.1/',
  'http://192.168.1.1/',
  'http://169.254.169.254/latest/meta-data/',
  'http://224.0.0.1/',
  'http://255.255.255.255/',
  'http://localhost/',
  'http://localhost./',
  'http://LOCALHOST:8080/',
  'http://%6c%6f%63%61%6c%68%6f%73%74/',
  'http://foo.localhost/',
  'http://metadata.google.internal/computeMetadata/v1/',
  'http://printer.local/',
  'http://intranet/',
  'https://router.home.arpa/',
]

const publicUrls = [
  'https://shop.example/',
  'https://shop.example:8443/p?x=1#reviews',
  'http://8.8.8.8/',
  'http://[2001:4860:4860::8888]/',
  'https://apps.apple.com/app/id1',
  'https://xn--l-7sba6dbr.com/',
]

describe('link URLs in production', () => {
  const create = createLinkSchema(true)
  const update = updateLinkSchema(true)
  const bulk = bulkSchema(true)
  const issuesOf = (result: { success: boolean; error?: { issues: { path: PropertyKey[] }[] } }) =>
    result.success ? [] : result.error!.issues.map((i) => i.path.join('.'))

  it.each(privateSpellings)('refuses %s wherever a link holds a URL', (url) => {
    for (const [, place, path] of placements) {
      expect(issuesOf(create.safeParse({ ...base, ...place(url) })), `create ${path}`).toContain(path)
      expect(issuesOf(update.safeParse(place(url))), `update ${path}`).toContain(path)
    }
    expect(issuesOf(bulk.safeParse({ campaignId: demo.campaignId, destination: url }))).toContain(
      'destination',
    )
  })

  it.each(publicUrls)('accepts %s', (url) => {
    for (const [, place] of placements) {
      expect(create.safeParse({ ...base, ...place(url) }).success).toBe(true)
    }
  })

  it('accepts private hosts outside production (local shops, the demo)', () => {
    for (const url of ['http://127.0.0.1:3001/', 'http://localhost:3001/', 'http://[::ffff:10.0.0.1]/'])
      expect(createLinkSchema(false).safeParse({ ...base, destination: url }).success).toBe(true)
  })
})

describe('link URLs are stored normalised', () => {
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
  })
  const post = (body: unknown) =>
    t.app.request('/api/links', { method: 'POST', headers: admin, body: JSON.stringify(body) })

  it.each([
    ['IDNA and non-ASCII', 'https://раураl.com/€', 'https://xn--l-7sba6dbr.com/%E2%82%AC'],
    [
      'a leading space, an upper-case scheme and host',
      '  HTTPS://Shop.Example/a b',
      'https://shop.example/a%20b',
    ],
    ['backslashes', 'https:\\\\shop.example\\x\\y', 'https://shop.example/x/y'],
    ['a tab and a newline inside', 'https://shop.ex\tam\nple/p', 'https://shop.example/p'],
    ['a default port and dot segments', 'https://shop.example:443/a/../b', 'https://shop.example/b'],
  ])('%s: every URL of the link is stored as its href', async (_name, raw, href) => {
    const res = await post({
      ...base,
      destination: raw,
      fallbackUrl: raw,
      rules: { countries: { AT: raw }, os: { ios: raw, android: raw } },
    })
    expect(res.status).toBe(201)
    const { link } = (await res.json()) as { link: { slug: string } }
    const stored = (await t.repos.links.bySlug(link.slug))!
    expect(stored.destination).toBe(href)
    expect(stored.fallbackUrl).toBe(href)
    expect(stored.rules).toMatchObject({ countries: { AT: href }, os: { ios: href, android: href } })
  })

  it('PATCH normalises too', async () => {
    const created = (await (await post(base)).json()) as { link: { id: string; slug: string } }
    const res = await t.app.request(`/api/links/${created.link.id}`, {
      method: 'PATCH',
      headers: admin,
      body: JSON.stringify({
        destination: ' https://Shop.Example/ü',
        fallbackUrl: 'HTTP://shop.example\\later',
      }),
    })
    expect(res.status).toBe(200)
    const stored = (await t.repos.links.bySlug(created.link.slug))!
    expect(stored.destination).toBe('https://shop.example/%C3%BC')
    expect(stored.fallbackUrl).toBe('http://shop.example/later')
  })

  it('counts the 2,048-character limit on the normalised form', async () => {
    // 2,040 characters as typed, about 12 KB once percent-encoded: a header proxies refuse.
    const accents = `https://shop.example/${'é'.repeat(2020)}`
    expect(accents.length).toBeLessThan(2048)
    for (const body of [
      { ...base, destination: accents },
      { ...base, fallbackUrl: accents },
      { ...base, rules: { countries: { DE: accents } } },
    ]) {
      const res = await post(body)
      expect(res.status).toBe(400)
      expect(await res.json()).toMatchObject({
        error: { code: 'VALIDATION_FAILED', details: [{ message: expect.stringMatching(/normalised/) }] },
      })
    }
    // Exactly at the limit once normalised is fine; one more is not.
    const exact = `https://shop.example/${'a'.repeat(2048 - 'https://shop.example/'.length)}`
    expect((await post({ ...base, destination: exact })).status).toBe(201)
    expect((await post({ ...base, destination: `${exact}a` })).status).toBe(400)
  })
})
