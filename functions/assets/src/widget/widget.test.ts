// The widget's server side and its upload code in one process: generated.ts is fresh, small and
// served at /a/glam-upload.js with the right headers; the tus and multipart clients run against
// the whole app through `app.request` (the same code the browser runs, minus XMLHttpRequest).
// Its behaviour in a real browser is in widget.browser.test.ts.
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { createTestAppWithDatabase } from '@glam/testing/platform'
import sharp from 'sharp'
import { beforeAll, describe, expect, it } from 'vitest'
import { generatedPath, renderGenerated } from '../../scripts/build-widget.mjs'
import { uploadForm } from './form-upload.ts'
import { widgetSource, widgetVersion } from './generated.ts'
import { NetworkError, type Send, UploadError, type WireRequest } from './transport.ts'
import { fingerprint, type KeyValueStore, uploadResumable } from './tus-client.ts'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>
const admin = { authorization: 'Bearer glam_dev_admin' }
const endpoint = 'http://localhost/api/assets'
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const chunkSize = 65_536

/** A PNG of noise, so it does not compress: about 3 bytes a pixel. */
const noisyPng = async (side: number) =>
  new Uint8Array(
    await sharp({
      create: {
        width: side,
        height: side,
        channels: 3,
        background: '#000',
        noise: { type: 'gaussian', mean: 128, sigma: 40 },
      },
    })
      .png()
      .toBuffer(),
  )

const memoryStorage = (): KeyValueStore & { map: Map<string, string> } => {
  const map = new Map<string, string>()
  return {
    map,
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  }
}

describe('the generated widget', () => {
  it('is up to date with its sources', async () => {
    const expected = await renderGenerated()
    const actual = await readFile(generatedPath, 'utf8')
    expect(actual, 'generated.ts is stale: run `npm run build:widget -w @glam/assets-api`').toBe(expected)
  })

  it('carries the version of its own code, imports nothing and stays small', () => {
    expect(createHash('sha256').update(widgetSource).digest('hex').slice(0, 12)).toBe(widgetVersion)
    expect(widgetSource).not.toMatch(/(^|[;}])\s*(import|export)[\s{*]/)
    expect(widgetSource).toContain('customElements.define("glam-upload"')
    const gzipped = gzipSync(widgetSource, { level: 9 }).length
    console.log(`glam-upload.js: ${widgetSource.length} bytes minified, ${gzipped} bytes gzipped`)
    expect(gzipped).toBeLessThanOrEqual(6 * 1024)
  })
})

describe('the widget against the app', () => {
  let t: T
  let png: Uint8Array
  beforeAll(async () => {
    t = await createTestAppWithDatabase()
    png = await noisyPng(250) // about 190 KB: three chunks
  })

  /** `Send` over app.request as the admin key; `tamper` may change a request or fail it. */
  const sendTo =
    (log: string[], tamper?: (r: WireRequest, n: number) => WireRequest | 'network' | 'lost'): Send =>
    async (request) => {
      const n = log.length
      log.push(`${request.method} ${new URL(request.url).pathname.replace(/[0-9a-f]{32}$/, ':id')}`)
      const changed = tamper ? tamper(request, n) : request
      if (changed === 'network') throw new NetworkError()
      const sent = changed === 'lost' ? request : changed
      const res = await t.app.request(sent.url, {
        method: sent.method,
        headers: { ...admin, ...sent.headers },
        ...(sent.body && { body: sent.body }),
      })
      const text = await res.text()
      if (changed === 'lost') throw new NetworkError() // the server did it; the answer never came
      return { status: res.status, header: (name) => res.headers.get(name), text }
    }
  const tus = (
    file: File,
    options: { log: string[]; storage?: KeyValueStore; sleeps?: number[]; send?: Send; delays?: number[] },
  ) =>
    uploadResumable(file, {
      endpoint,
      type: 'campaign-image',
      chunkSize,
      send: options.send ?? sendTo(options.log),
      storage: options.storage ?? null,
      sleep: async (ms) => void options.sleeps?.push(ms),
      ...(options.delays && { retryDelays: options.delays }),
    })
  const stored = async (asset: Record<string, unknown>) => (await t.repos.assets.get(String(asset.id)))!
  const file = (bytes: Uint8Array, name = 'photo.png') =>
    new File([bytes as BlobPart], name, { type: 'image/png', lastModified: 1_780_000_000_000 })

  it('serves GET /a/glam-upload.js as a short-cached script, 304 on its ETag, HEAD without a body', async () => {
    const res = await t.app.request('/a/glam-upload.js')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('public, max-age=300')
    expect(res.headers.get('etag')).toBe(`"${widgetVersion}"`)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(await res.text()).toBe(widgetSource)

    const again = await t.app.request('/a/glam-upload.js', {
      headers: { 'if-none-match': `"${widgetVersion}"` },
    })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    const head = await t.app.request('/a/glam-upload.js', { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(await head.text()).toBe('')
    // The originals beside it are untouched.
    expect((await t.app.request(`/a/${'0'.repeat(64)}.png`)).status).toBe(404)
  })

  it('uploads a small file as multipart, and reports a refusal with the server message', async () => {
    const small = await noisyPng(16)
    const sent: number[] = []
    const asset = await uploadForm(file(small), {
      endpoint,
      type: 'campaign-image',
      send: sendTo([]),
      onProgress: (n) => sent.push(n),
    })
    expect(asset).toMatchObject({ sha256: sha(small), size: small.length, type: 'campaign-image' })
    const refused = await uploadForm(
      file(new TextEncoder().encode('just some text, not a picture'), 'fake.png'),
      {
        endpoint,
        type: 'campaign-image',
        send: sendTo([]),
      },
    ).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(UploadError)
    expect(refused).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', retryable: false })
    expect((refused as UploadError).message).toMatch(/campaign-image/)
  })

  it('uploads through tus chunk by chunk, forgets the upload once done', async () => {
    const log: string[] = []
    const storage = memoryStorage()
    const progress: number[] = []
    const asset = await uploadResumable(file(png), {
      endpoint,
      type: 'campaign-image',
      chunkSize,
      send: sendTo(log),
      storage,
      onProgress: (n) => progress.push(n),
    })
    const chunks = Math.ceil(png.length / chunkSize)
    expect(log).toEqual([
      'POST /api/assets/tus',
      ...Array(chunks).fill('PATCH /api/assets/tus/:id'),
      `GET /api/assets/${asset.id}`,
    ])
    expect(asset).toMatchObject({ sha256: sha(png), size: png.length, name: 'photo.png' })
    expect(await stored(asset)).toMatchObject({ sha256: sha(png), size: png.length })
    expect(storage.map.size).toBe(0)
    expect(progress.at(-1)).toBe(png.length)
  })

  it('waits, asks the offset and goes on after a network error; a lost answer and a 409 too', async () => {
    const log: string[] = []
    const sleeps: number[] = []
    let patches = 0
    const asset = await tus(file(png, 'flaky.png'), {
      log,
      sleeps,
      send: sendTo(log, (r) => {
        if (r.method !== 'PATCH') return r
        patches++
        if (patches === 2) return 'network' // never reached the server
        if (patches === 3) return 'lost' // stored, but the answer was lost
        if (patches === 4) return { ...r, headers: { ...r.headers, 'Upload-Offset': '0' } } // 409
        if (patches === 5) return 'network'
        return r
      }),
    })
    // The lost answer waits longer (nothing seemed to move); then HEAD shows progress, the 409
    // asks at once, and the waits start over for the next failure.
    expect(sleeps).toEqual([1000, 3000, 1000])
    expect(log.filter((l) => l.startsWith('HEAD'))).toHaveLength(4)
    expect(log.filter((l) => l.startsWith('PATCH'))).toHaveLength(6)
    expect(asset).toMatchObject({ sha256: sha(png), size: png.length })
  })

  it('fails retryable once the waits are used up, and a new call resumes from the remembered URL', async () => {
    const storage = memoryStorage()
    const first: string[] = []
    const sleeps: number[] = []
    let patches = 0
    const failed = await tus(file(png, 'resume.png'), {
      log: first,
      storage,
      sleeps,
      delays: [5, 20],
      send: sendTo(first, (r) => (r.method === 'PATCH' && ++patches > 1 ? 'network' : r)),
    }).catch((e: unknown) => e)
    expect(failed).toMatchObject({ status: 0, code: 'NETWORK_ERROR', retryable: true })
    expect(sleeps).toEqual([5, 20])
    const key = fingerprint(file(png, 'resume.png'), endpoint, 'campaign-image')
    expect(storage.map.get(key)).toMatch(/\/api\/assets\/tus\/[0-9a-f]{32}$/)

    const second: string[] = []
    const asset = await tus(file(png, 'resume.png'), { log: second, storage })
    expect(second.slice(0, 2)).toEqual(['HEAD /api/assets/tus/:id', 'PATCH /api/assets/tus/:id'])
    expect(second).not.toContain('POST /api/assets/tus')
    expect(second.filter((l) => l.startsWith('PATCH'))).toHaveLength(Math.ceil(png.length / chunkSize) - 1)
    expect(asset).toMatchObject({ sha256: sha(png), size: png.length })
    expect(storage.map.size).toBe(0)
  })

  it('gives up on a 5xx after the waits, and on a refusal at the last byte at once, forgetting it', async () => {
    const sleeps: number[] = []
    const down = await tus(file(png, 'down.png'), {
      log: [],
      sleeps,
      delays: [1, 2],
      send: async () => ({
        status: 503,
        header: () => null,
        text: '{"error":{"code":"SERVICE_UNAVAILABLE","message":"Down."}}',
      }),
    }).catch((e: unknown) => e)
    expect(down).toMatchObject({
      status: 503,
      code: 'SERVICE_UNAVAILABLE',
      message: 'Down.',
      retryable: true,
    })
    expect(sleeps).toEqual([1, 2])

    const storage = memoryStorage()
    const text = new TextEncoder().encode('sku,title\n'.repeat(10_000))
    const refused = await tus(new File([text], 'feed.png', { type: 'image/png' }), {
      log: [],
      storage,
    }).catch((e: unknown) => e)
    expect(refused).toMatchObject({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', retryable: false })
    expect(storage.map.size).toBe(0)
  })
})
