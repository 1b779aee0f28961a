// The Node entry answers shortlinks on its fast path with the same contract as the Hono route.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { connect } from 'node:net'
import { createMemoryLogger, htmlSecurityHeaders } from '@glam/core'
import { demo } from '@glam/db/demo'
import { testConfig } from '@glam/testing/platform'
import { rawRequest } from '@glam/testing/raw-request'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { withRedirectFastPath } from './fast-path.ts'
import { createNodePlatform } from './platform.ts'
import { startNodeServer } from './server.ts'

describe('the shortlink fast path on Node', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let base: string
  beforeAll(async () => {
    server = await startNodeServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'info',
        GLAM_SCHEDULER: 'false',
        GLAM_EVENTS: 'memory',
      }),
    )
    base = `http://127.0.0.1:${server.port}`
  })
  afterAll(() => server?.shutdown('test'))

  it('redirects with the click token, no-store, the request id kept, and records the click', async () => {
    const res = await fetch(`${base}/summer-lena?utm_source=ig`, {
      redirect: 'manual',
      headers: { 'x-request-id': 'trace-1' },
    })
    expect(res.status).toBe(302)
    const location = new URL(res.headers.get('location')!)
    expect(location.searchParams.get('glam_cid')).toMatch(/^[A-Za-z0-9_-]{54}$/)
    expect(location.searchParams.get('utm_source')).toBe('ig')
    expect(res.headers.get('cache-control')).toBe('private, no-store')
    expect(res.headers.get('x-request-id')).toBe('trace-1')
    const events = (server.platform.events as unknown as { events: { table: string }[] }).events
    expect(events.some((e) => e.table === 'clicks')).toBe(true)
  })

  it('answers unknown slugs with JSON for API clients and a page for browsers; HEAD without a body', async () => {
    const json = await fetch(`${base}/no-such-slug`)
    expect(json.status).toBe(404)
    expect(await json.json()).toMatchObject({ error: { code: 'NOT_FOUND', requestId: expect.any(String) } })
    const page = await fetch(`${base}/no-such-slug`, { headers: { accept: 'text/html' } })
    expect(page.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await page.text()).toContain('Link not found')
    const head = await fetch(`${base}/summer-lena`, { method: 'HEAD', redirect: 'manual' })
    expect(head.status).toBe(302)
  })

  it('answers many concurrent clicks, each with its own token, and pipelined ones in order', async () => {
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        fetch(`${base}/summer-lena`, { redirect: 'manual', headers: { 'x-request-id': `burst-${i}` } }),
      ),
    )
    expect(answers.map((r) => r.status)).toEqual(answers.map(() => 302))
    expect(answers.map((r) => r.headers.get('x-request-id'))).toEqual(answers.map((_, i) => `burst-${i}`))
    const tokens = new Set(
      answers.map((r) => new URL(r.headers.get('location')!).searchParams.get('glam_cid')),
    )
    expect(tokens.size).toBe(200)
    // Three requests in one packet on one connection: three answers, in request order.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1')
      let text = ''
      socket.on('data', (chunk) => {
        text += chunk.toString()
        if ((text.match(/HTTP\/1\.1 /g) ?? []).length === 3) socket.end()
      })
      socket.on('end', () => resolve(text))
      socket.on('error', reject)
      socket.write(
        ['p-1', 'p-2', 'p-3']
          .map((id) => `GET /summer-lena HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${id}\r\n\r\n`)
          .join(''),
      )
    })
    expect([...raw.matchAll(/^HTTP\/1\.1 (\d+)/gm)].map((m) => m[1])).toEqual(['302', '302', '302'])
    expect([...raw.matchAll(/^x-request-id: (\S+)/gim)].map((m) => m[1])).toEqual(['p-1', 'p-2', 'p-3'])
  })

  it('Hono answers written whole and streamed ones both arrive intact, under concurrency too', async () => {
    const whole = await Promise.all(Array.from({ length: 100 }, () => fetch(`${base}/healthz`)))
    expect(whole.map((r) => r.status)).toEqual(whole.map(() => 200))
    for (const r of whole) expect(await r.json()).toMatchObject({ status: 'ok' })
    const script = await fetch(`${base}/pixel.js`)
    expect(script.headers.get('content-type')).toMatch(/javascript/)
    expect((await script.text()).length).toBeGreaterThan(500)
    // A streamed answer (a ReadableStream body: node-server writes it chunk by chunk).
    const csv = await Promise.all(
      Array.from({ length: 5 }, () =>
        fetch(`${base}/api/exports/campaigns/${demo.campaignId}/orders.csv`, {
          headers: { authorization: `Bearer ${server.platform.config.adminApiKey}` },
        }),
      ),
    )
    for (const r of csv) {
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('text/csv; charset=utf-8')
      expect(await r.text()).toMatch(/^order_id,placed_at,/)
    }
  })

  it('refuses bodies over the limit with 413, whether their length is declared or streamed', async () => {
    const big = 'x'.repeat(300 * 1024) // /collect takes 256 KiB
    const declared = await fetch(`${base}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3001' },
      body: big,
    })
    expect(declared.status).toBe(413)
    expect(await declared.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    // No Content-Length: the body arrives chunked and is counted as it streams.
    const chunks = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 30; i++) controller.enqueue(new TextEncoder().encode('y'.repeat(10 * 1024)))
        controller.close()
      },
    })
    const streamed = await fetch(`${base}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3001' },
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(streamed.status).toBe(413)
    expect(await streamed.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    // Under the limit, chunked or not, the body reaches the handler (here: refused as not JSON).
    const small = await fetch(`${base}/collect`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: 'http://127.0.0.1:3001' },
      body: new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('not json'))
          controller.close()
        },
      }),
      duplex: 'half',
    } as RequestInit)
    expect(small.status).toBe(400)
    // A JSON API with the platform's limit (GLAM_BODY_LIMIT_BYTES, 1 MiB by default).
    const api = await fetch(`${base}/api/shops`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${server.platform.config.adminApiKey}`,
      },
      body: JSON.stringify({ name: 'x'.repeat(server.platform.config.bodyLimitBytes) }),
    })
    expect(api.status).toBe(413)
  })

  it('keeps serving when clients leave before their answers are written', async () => {
    await Promise.all(
      Array.from(
        { length: 40 },
        (_, i) =>
          new Promise<void>((resolve) => {
            const socket = connect(server.port, '127.0.0.1', () => {
              const path = i % 2 ? '/summer-lena' : '/healthz'
              socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`)
              socket.destroy() // gone before the answer
              resolve()
            })
            socket.on('error', () => resolve())
          }),
      ),
    )
    await new Promise((r) => setTimeout(r, 50))
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect((await fetch(`${base}/summer-lena`, { redirect: 'manual' })).status).toBe(302)
  })

  it('ends every Location with a fragment, so none is inherited from the request (fast path and Hono route)', async () => {
    // `/%73ummer-lena` is the same slug to Hono's router, but not the fast path's.
    for (const path of ['/summer-lena', '/%73ummer-lena', '/summer-lena?utm_source=ig']) {
      const res = await rawRequest(`${base}${path}`)
      expect(res.status, path).toBe(302)
      expect(res.headers.location, path).toMatch(
        /^http:\/\/127\.0\.0\.1:3001\/\?(utm_source=ig&)?glam_cid=[\w-]{54}#$/,
      )
    }
  })

  it('sends the HTML security headers with its pages and nosniff with its JSON', async () => {
    const page = await rawRequest(`${base}/no-such-slug`, { headers: { accept: 'text/html' } })
    expect(page.status).toBe(404)
    for (const [name, value] of Object.entries(htmlSecurityHeaders))
      expect(page.headers[name.toLowerCase()], name).toBe(value)
    expect(page.headers['cache-control']).toBe('private, no-store')
    const json = await rawRequest(`${base}/no-such-slug`)
    expect(json.headers['content-type']).toBe('application/json')
    expect(json.headers['x-content-type-options']).toBe('nosniff')
    // The Hono route's pages carry the same.
    const hono = await rawRequest(`${base}/%6Eo-such-slug`, { headers: { accept: 'text/html' } })
    expect(hono.headers['content-security-policy']).toBe(htmlSecurityHeaders['Content-Security-Policy'])
  })

  it('records the socket address of a click, not what X-Forwarded-For claims', async () => {
    const events = (server.platform.events as unknown as { events: { table: string; client_ip: string }[] })
      .events
    for (const path of ['/summer-lena', '/%73ummer-lena']) {
      const before = events.length
      const res = await rawRequest(`${base}${path}`, {
        headers: {
          'x-forwarded-for': '198.51.100.7',
          'x-real-ip': '198.51.100.8',
          'cf-connecting-ip': '1.1.1.1',
        },
      })
      expect(res.status).toBe(302)
      const clicks = events.slice(before).filter((e) => e.table === 'clicks')
      expect(
        clicks.map((e) => e.client_ip),
        path,
      ).toEqual(['127.0.0.1'])
    }
  })

  it('leaves every other route to Hono', async () => {
    expect((await fetch(`${base}/healthz`)).status).toBe(200)
    expect((await fetch(`${base}/pixel.js`)).status).toBe(200)
    const post = await fetch(`${base}/summer-lena`, { method: 'POST' })
    expect(post.status).toBe(404)
  })
})

describe('the Node writer', () => {
  it('answers a logged 500 when node:http refuses an answer, never an empty reply', async () => {
    const config = testConfig({ GLAM_EVENTS: 'memory', GLAM_SCHEDULER: 'false' })
    const { logger, records } = createMemoryLogger('info')
    const platform = createNodePlatform(config, { logger })
    // Headers the Fetch API accepts but node:http refuses (a control character): ERR_INVALID_CHAR.
    const http = createServer(
      withRedirectFastPath(platform, (req, res) => {
        if (req.url === '/x/bad') res.writeHead(200, { 'X-Request-Id': 'bad-1', 'X-Bad': 'a\u0001b' })
        else res.writeHead(200, { 'Content-Type': 'text/plain' })
        res.end('fine')
      }),
    )
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r))
    try {
      const base = `http://127.0.0.1:${(http.address() as AddressInfo).port}`
      const res = await rawRequest(`${base}/x/bad`)
      expect(res.status).toBe(500)
      expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'INTERNAL', requestId: 'bad-1' } })
      expect(res.headers['x-request-id']).toBe('bad-1')
      expect(res.headers['x-bad']).toBeUndefined()
      expect(records().find((r) => r.event === 'response.write_failed')).toMatchObject({ requestId: 'bad-1' })
      expect((await rawRequest(`${base}/x/good`)).text).toBe('fine')
    } finally {
      await new Promise((r) => http.close(r))
      await platform.close?.()
    }
  })
})

describe('client addresses behind a trusted proxy', () => {
  it('records the forwarded address of a click when the peer is in GLAM_TRUSTED_PROXIES', async () => {
    const server = await startNodeServer(
      testConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        GLAM_SCHEDULER: 'false',
        GLAM_EVENTS: 'memory',
        GLAM_TRUSTED_PROXIES: '127.0.0.1',
      }),
    )
    try {
      const events = (server.platform.events as unknown as { events: { table: string; client_ip: string }[] })
        .events
      for (const path of ['/summer-lena', '/%73ummer-lena']) {
        const before = events.length
        await rawRequest(`http://127.0.0.1:${server.port}${path}`, {
          headers: { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' },
        })
        const clicks = events.slice(before).filter((e) => e.table === 'clicks')
        expect(
          clicks.map((e) => e.client_ip),
          path,
        ).toEqual(['198.51.100.7'])
      }
    } finally {
      await server.shutdown('test')
    }
  })
})
