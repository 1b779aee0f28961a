import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from './config.ts'
import { SafeFetchError, type SafeFetchLookup, safeFetch } from './safe-fetch.ts'

interface Seen {
  method: string
  url: string
  headers: IncomingMessage['headers']
  body: string
}

/** A real HTTP server on 127.0.0.1 and a random port, recording what reached it. */
async function serve(handler: (req: IncomingMessage, res: ServerResponse, seen: Seen[]) => void) {
  const seen: Seen[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      seen.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      })
      handler(req, res, seen)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const host = `127.0.0.1:${(server.address() as AddressInfo).port}`
  return {
    host,
    origin: `http://${host}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

type Server = Awaited<ReturnType<typeof serve>>

/** The rejection of a fetch (or of reading its body) as a SafeFetchError. */
async function refusal(promise: Promise<unknown>): Promise<SafeFetchError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(err instanceof SafeFetchError)) throw new Error(`expected a SafeFetchError, got ${String(err)}`)
  return err
}

/** DNS that answers every name with the given addresses, counting calls. */
const fakeDns = (...addresses: string[]) => {
  const calls: string[] = []
  const lookup: SafeFetchLookup = async (hostname) => {
    calls.push(hostname)
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
  }
  return { lookup, calls }
}

let shop: Server
let other: Server
let slow: Server
let loop: Server
const servers: Server[] = []

beforeAll(async () => {
  shop = await serve((req, res) => {
    const path = new URL(req.url!, 'http://x').pathname
    if (path === '/feed.csv')
      return res.writeHead(200, { 'content-type': 'text/csv' }).end('id,title\n1,Glow\n')
    if (path === '/to-other') return res.writeHead(302, { location: `${other.origin}/landing?x=1` }).end()
    if (path === '/to-self') return res.writeHead(302, { location: '/feed.csv' }).end()
    if (path === '/see-other') return res.writeHead(303, { location: `${other.origin}/landing` }).end()
    if (path === '/temporary') return res.writeHead(307, { location: `${other.origin}/landing` }).end()
    if (path === '/to-blocked') return res.writeHead(302, { location: `${slow.origin}/` }).end()
    if (path === '/to-metadata')
      return res.writeHead(301, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
    if (path === '/to-file') return res.writeHead(302, { location: 'file:///etc/passwd' }).end()
    if (path === '/big') return res.writeHead(200, { 'content-length': '5000' }).end('x'.repeat(5000))
    if (path === '/chunked') {
      res.writeHead(200, { 'content-type': 'text/plain' })
      for (let i = 0; i < 10; i++) res.write('y'.repeat(500))
      return res.end()
    }
    res.writeHead(404).end()
  })
  other = await serve((_req, res) => res.writeHead(200).end('landed'))
  slow = await serve((_req, res) => setTimeout(() => res.writeHead(200).end('late'), 3000).unref())
  loop = await serve((req, res) => res.writeHead(302, { location: req.url! }).end())
  servers.push(shop, other, slow, loop)
})
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()))
})

const allow = () => [shop.host, other.host, loop.host, slow.host]

describe('safeFetch on an allowed host', () => {
  it('fetches from an allow-listed private host (the dev demo shop)', async () => {
    const res = await safeFetch(`${shop.origin}/feed.csv`, { allowHosts: [shop.host] })
    expect(res).toBeInstanceOf(Response)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/csv')
    expect(await res.text()).toBe('id,title\n1,Glow\n')
    expect(res.url).toBe(`${shop.origin}/feed.csv`)
    expect(res.redirected).toBe(false)
  })

  it('matches allow-list entries exactly on host and port, case-insensitively', async () => {
    const err = await refusal(safeFetch(`${shop.origin}/feed.csv`, { allowHosts: ['127.0.0.1'] }))
    expect(err.code).toBe('FETCH_BLOCKED')
    const ok = await safeFetch(`${shop.origin}/feed.csv`, { allowHosts: [` ${shop.host.toUpperCase()} `] })
    expect(ok.status).toBe(200)
  })

  it('resolves allow-listed names through the given DNS', async () => {
    const dns = fakeDns('127.0.0.1')
    const port = shop.host.split(':')[1]
    const res = await safeFetch(`http://shop.test:${port}/feed.csv`, {
      allowHosts: [`shop.test:${port}`],
      lookup: dns.lookup,
    })
    expect(await res.text()).toContain('Glow')
    expect(dns.calls).toEqual(['shop.test'])
  })
})

describe('safeFetch refuses private addresses', () => {
  it('refuses loopback without an allow-list, before any request', async () => {
    const before = shop.seen.length
    const err = await refusal(safeFetch(`${shop.origin}/feed.csv`))
    expect(err.code).toBe('FETCH_BLOCKED')
    expect(err.message).toContain(shop.host)
    expect(shop.seen.length).toBe(before)
  })

  it.each([
    'http://[::ffff:127.0.0.1]/',
    'http://[::1]/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::ffff:169.254.169.254]/',
    'http://0.0.0.0/',
    'http://[::]/',
    'http://localhost/',
    'http://shop.localhost/',
    'http://intranet/',
    'http://10.0.0.1/',
    'http://192.168.1.1/',
    'http://100.64.0.1/',
    'http://224.0.0.1/',
    'http://2130706433/',
    'http://0x7f000001/',
    'http://0x7f.1/',
    'http://0177.0.0.1/',
    'http://127.1/',
    'http://[64:ff9b::a9fe:a9fe]/',
  ])('refuses %s', async (url) => {
    const dns = fakeDns('93.184.215.14')
    const err = await refusal(safeFetch(url, { lookup: dns.lookup }))
    expect(err.code).toBe('FETCH_BLOCKED')
    expect(dns.calls).toEqual([])
  })

  it('refuses a public-looking name that resolves to loopback, after DNS', async () => {
    const dns = fakeDns('127.0.0.1')
    const port = shop.host.split(':')[1]
    const before = shop.seen.length
    const err = await refusal(safeFetch(`http://feeds.shop.example:${port}/feed.csv`, { lookup: dns.lookup }))
    expect(err.code).toBe('FETCH_BLOCKED')
    expect(err.message).toContain('feeds.shop.example resolves to a non-public address')
    expect(dns.calls).toEqual(['feeds.shop.example'])
    expect(shop.seen.length).toBe(before)
  })

  it('refuses a name when any of its addresses is private (no picking the public one)', async () => {
    const dns = fakeDns('93.184.215.14', '::ffff:10.0.0.1')
    const err = await refusal(safeFetch('https://mixed.example/feed.xml', { lookup: dns.lookup }))
    expect(err.code).toBe('FETCH_BLOCKED')
  })

  it.each([
    'ftp://ftp.example.com/feed.csv',
    'file:///etc/passwd',
    'data:text/plain,hello',
    'javascript:alert(1)',
    'not a url',
  ])('refuses %s as a scheme or URL it does not fetch', async (url) => {
    const err = await refusal(safeFetch(url))
    expect(err.code).toBe('FETCH_BLOCKED')
  })

  it('refuses credentials in the URL, even on an allowed host, without repeating them', async () => {
    const err = await refusal(
      safeFetch(`http://feeduser:hunter2@${shop.host}/feed.csv`, { allowHosts: [shop.host] }),
    )
    expect(err.code).toBe('FETCH_BLOCKED')
    expect(err.message).not.toContain('hunter2')
    expect(err.message).not.toContain('feeduser')
  })

  it('names the host but never the query string', async () => {
    const err = await refusal(safeFetch('http://10.0.0.1:8080/export?token=s3cr3t'))
    expect(err.message).toContain('10.0.0.1:8080')
    expect(err.message).not.toContain('s3cr3t')
  })
})

describe('safeFetch on redirects', () => {
  it('follows a redirect between allowed hosts and reports the final URL', async () => {
    const res = await safeFetch(`${shop.origin}/to-other`, { allowHosts: allow() })
    expect(await res.text()).toBe('landed')
    expect(res.redirected).toBe(true)
    expect(res.url).toBe(`${other.origin}/landing?x=1`)
  })

  it('refuses a redirect from an allowed host to a private one that is not allowed', async () => {
    const before = slow.seen.length
    const err = await refusal(safeFetch(`${shop.origin}/to-blocked`, { allowHosts: [shop.host] }))
    expect(err.code).toBe('FETCH_BLOCKED')
    expect(err.message).toContain(slow.host)
    expect(slow.seen.length).toBe(before)
  })

  it('refuses a redirect to the metadata service or to file:', async () => {
    for (const path of ['/to-metadata', '/to-file']) {
      const err = await refusal(safeFetch(`${shop.origin}${path}`, { allowHosts: [shop.host] }))
      expect(err.code).toBe('FETCH_BLOCKED')
    }
  })

  it('stops a redirect loop at maxRedirects', async () => {
    const before = loop.seen.length
    const err = await refusal(safeFetch(`${loop.origin}/again`, { allowHosts: [loop.host] }))
    expect(err.code).toBe('FETCH_TOO_MANY_REDIRECTS')
    expect(loop.seen.length - before).toBe(6)
    const fewer = await refusal(
      safeFetch(`${loop.origin}/again`, { allowHosts: [loop.host], maxRedirects: 1 }),
    )
    expect(fewer.code).toBe('FETCH_TOO_MANY_REDIRECTS')
    expect(loop.seen.length - before).toBe(8)
  })

  it('drops Authorization and Cookie when the origin changes, keeps them on the same origin', async () => {
    const secret = { authorization: 'Bearer feed-token', cookie: 'session=abc', 'x-feed': 'kept' }
    const before = { shop: shop.seen.length, other: other.seen.length }
    await (await safeFetch(`${shop.origin}/to-self`, { allowHosts: allow(), headers: secret })).text()
    const same = shop.seen.slice(before.shop)
    expect(same.map((s) => s.url)).toEqual(['/to-self', '/feed.csv'])
    expect(same[1]!.headers.authorization).toBe('Bearer feed-token')

    await (await safeFetch(`${shop.origin}/to-other`, { allowHosts: allow(), headers: secret })).text()
    const first = shop.seen.at(-1)!
    const landed = other.seen.slice(before.other).at(-1)!
    expect(first.headers.authorization).toBe('Bearer feed-token')
    expect(first.headers.cookie).toBe('session=abc')
    expect(landed.headers.authorization).toBeUndefined()
    expect(landed.headers.cookie).toBeUndefined()
    expect(landed.headers['x-feed']).toBe('kept')
  })

  it('turns a POST into a GET without a body on 303, and resends it on 307', async () => {
    const post = {
      method: 'POST',
      body: 'a=1',
      headers: { 'content-type': 'text/plain' },
      allowHosts: allow(),
    }
    await (await safeFetch(`${shop.origin}/see-other`, post)).text()
    const afterSeeOther = other.seen.at(-1)!
    expect(afterSeeOther.method).toBe('GET')
    expect(afterSeeOther.body).toBe('')
    expect(afterSeeOther.headers['content-type']).toBeUndefined()

    await (await safeFetch(`${shop.origin}/temporary`, post)).text()
    const afterTemporary = other.seen.at(-1)!
    expect(afterTemporary.method).toBe('POST')
    expect(afterTemporary.body).toBe('a=1')
  })
})

describe('safeFetch limits', () => {
  it('times out a server that does not answer', async () => {
    const started = Date.now()
    const err = await refusal(safeFetch(`${slow.origin}/`, { allowHosts: [slow.host], timeoutMs: 200 }))
    expect(err.code).toBe('FETCH_TIMEOUT')
    expect(err.message).toContain(slow.host)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('rejects with the caller’s own abort reason, not a timeout', async () => {
    const reason = new Error('shutting down')
    const err = await safeFetch(`${slow.origin}/`, {
      allowHosts: [slow.host],
      signal: AbortSignal.abort(reason),
    }).catch((e: unknown) => e)
    expect(err).toBe(reason)
  })

  it('refuses early when Content-Length exceeds maxBytes', async () => {
    const err = await refusal(safeFetch(`${shop.origin}/big`, { allowHosts: [shop.host], maxBytes: 1000 }))
    expect(err.code).toBe('FETCH_TOO_LARGE')
    const fits = await safeFetch(`${shop.origin}/big`, { allowHosts: [shop.host], maxBytes: 5000 })
    expect((await fits.text()).length).toBe(5000)
  })

  it('errors a chunked body once more than maxBytes arrive', async () => {
    const res = await safeFetch(`${shop.origin}/chunked`, { allowHosts: [shop.host], maxBytes: 1200 })
    expect(res.status).toBe(200)
    const err = await refusal(res.text())
    expect(err.code).toBe('FETCH_TOO_LARGE')
    const fits = await safeFetch(`${shop.origin}/chunked`, { allowHosts: [shop.host], maxBytes: 5000 })
    expect((await fits.text()).length).toBe(5000)
  })

  it('reports connection and DNS failures as FETCH_FAILED, naming the host', async () => {
    const closed = await serve(() => {})
    await closed.close()
    const refused = await refusal(safeFetch(`${closed.origin}/`, { allowHosts: [closed.host] }))
    expect(refused.code).toBe('FETCH_FAILED')
    expect(refused.message).toContain(closed.host)

    const nxdomain: SafeFetchLookup = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND gone.example'), { code: 'ENOTFOUND' })
    }
    const unresolved = await refusal(safeFetch('https://gone.example/feed?key=k1', { lookup: nxdomain }))
    expect(unresolved.code).toBe('FETCH_FAILED')
    expect(unresolved.message).toContain('gone.example')
    expect(unresolved.message).not.toContain('k1')
  })
})

describe('GLAM_FETCH_ALLOW_HOSTS', () => {
  it('allows the demo shop in development, nothing in production, and parses a list', () => {
    expect(parseConfig({}).fetchAllowHosts).toEqual(['127.0.0.1:3001'])
    expect(parseConfig({ GLAM_FETCH_ALLOW_HOSTS: 'Shop.Test:8080, [::1]:3001' }).fetchAllowHosts).toEqual([
      'shop.test:8080',
      '[::1]:3001',
    ])
    expect(() => parseConfig({ GLAM_FETCH_ALLOW_HOSTS: 'http://shop.test' })).toThrow(
      /GLAM_FETCH_ALLOW_HOSTS/,
    )
    const production = parseConfig({
      GLAM_ENV: 'production',
      GLAM_SECRET: 'a'.repeat(48),
      GLAM_MASTER_KEY: 'k'.repeat(48),
      MAILGUN_API_KEY: 'key-test',
      MAILGUN_DOMAIN: 'mg.glam.example',
      MAIL_FROM: 'Glam <no-reply@glam.example>',
      REDIS_URL: 'redis://:pw@redis.internal:6379',
      GLAM_PUBLIC_URL: 'https://glam.example',
    })
    expect(production.fetchAllowHosts).toEqual([])
  })
})
