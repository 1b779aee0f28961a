// A warm preset variant is answered on the Node server's fast path (packages/platform/src/
// asset-fast-path.ts) with exactly what the Hono route answers: the same headers, 304 and HEAD.
// `?p=car%64` is the same query to Hono but not to the fast path, which gives the Hono answer.
import { startNodeServer } from '@glam/platform/node'
import { testConfig } from '@glam/testing/platform'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const webp = { accept: 'image/webp,*/*' }
const comparable = (res: Response) => {
  const headers = Object.fromEntries(res.headers)
  delete headers.date
  delete headers['x-request-id']
  return headers
}

describe('warm variants on the Node fast path', () => {
  let server: Awaited<ReturnType<typeof startNodeServer>>
  let base: string
  let sha256: string
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
    const bytes = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#ad1457' } })
      .jpeg()
      .toBuffer()
    const res = await fetch(`${base}/api/assets?type=campaign-image&name=fast.jpg`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      body: new Uint8Array(bytes),
    })
    sha256 = ((await res.json()) as { sha256: string }).sha256
  })
  afterAll(() => server?.shutdown('test'))

  it('answers like the Hono route: headers, bytes, 304, HEAD, per negotiated format', async () => {
    const miss = await fetch(`${base}/i/${sha256}?p=card`, { headers: webp })
    expect(miss.headers.get('x-variant-cache')).toBe('miss')
    const bytes = new Uint8Array(await miss.arrayBuffer())
    const fast = await fetch(`${base}/i/${sha256}?p=card`, { headers: webp })
    const hono = await fetch(`${base}/i/${sha256}?p=car%64`, { headers: webp })
    expect(fast.status).toBe(200)
    expect(comparable(fast)).toEqual(comparable(hono))
    expect(comparable(fast)).toMatchObject({
      'content-type': 'image/webp',
      'content-length': String(bytes.byteLength),
      'x-variant-cache': 'memory',
      vary: 'Accept',
      'x-content-type-options': 'nosniff',
    })
    expect(new Uint8Array(await fast.arrayBuffer())).toEqual(bytes)
    expect(new Uint8Array(await hono.arrayBuffer())).toEqual(bytes)

    const etag = fast.headers.get('etag')!
    const notModified = await fetch(`${base}/i/${sha256}?p=card`, {
      headers: { ...webp, 'if-none-match': etag },
    })
    expect(notModified.status).toBe(304)
    expect(notModified.headers.get('content-length')).toBeNull()
    const head = await fetch(`${base}/i/${sha256}?p=card`, { method: 'HEAD', headers: webp })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(bytes.byteLength))

    // Another format is another variant: computed once by the route, then fast too.
    const jpeg = await fetch(`${base}/i/${sha256}?p=card`, { headers: { accept: 'image/jpeg' } })
    expect([jpeg.headers.get('content-type'), jpeg.headers.get('x-variant-cache')]).toEqual([
      'image/jpeg',
      'miss',
    ])
    const jpegAgain = await fetch(`${base}/i/${sha256}?p=card`, { headers: { accept: 'image/jpeg' } })
    expect(jpegAgain.headers.get('x-variant-cache')).toBe('memory')
    expect(jpegAgain.headers.get('etag')).not.toBe(etag)
  })
})
