/**
 * The tus endpoint on the test platform (blobs in memory, a frozen clock): the real tus-js-client
 * against a real Node server (whole, resumed and cut-off uploads, hashes compared), and the
 * protocol's refusals through `app.request()`, with the blobs each leaves behind.
 */
import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { type AppEnv, type BlobStore, GlamError } from '@glam/core'
import { expectError } from '@glam/testing/expect-error'
import { createTestApp, mountOnPlatform } from '@glam/testing/platform'
import { type ServerType, serve } from '@hono/node-server'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import * as tus from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTusApp, purgeExpiredTusUploads, type TusHooks } from './tus/index.ts'

const MiB = 1024 * 1024
const V = { 'tus-resumable': '1.0.0' }
const OFFSET = 'application/offset+octet-stream'
const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')
const b64 = (text: string) => Buffer.from(text).toString('base64')
const metadata = (pairs: Record<string, string>) =>
  Object.entries(pairs)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',')

interface Completed {
  id: string
  type: string
  name?: string
  length: number
  bytes: number
  sha256: string
}

/** The hooks: `nope` is refused on creation, `text/refused` on completion; others are hashed. */
function testHooks(completed: Completed[]): TusHooks {
  return {
    async authorize(_c, meta) {
      if (meta.type === 'nope') throw new GlamError('FORBIDDEN', 'No uploads of this type.')
    },
    async complete(_c, upload) {
      const hash = createHash('sha256')
      let bytes = 0
      const reader = upload.stream.getReader()
      for (let read = await reader.read(); !read.done; read = await reader.read()) {
        hash.update(read.value)
        bytes += read.value.byteLength
      }
      if (upload.type === 'text/refused') throw new GlamError('UNSUPPORTED_MEDIA_TYPE', 'Not an image.')
      const id = `asset-${completed.length + 1}`
      const digest = hash.digest('hex')
      completed.push({
        id,
        type: upload.type,
        name: upload.name,
        length: upload.length,
        bytes,
        sha256: digest,
      })
      return { id, url: `/a/${digest}.bin` }
    },
  }
}

/** Counts the bytes every chunk put reads from its stream: what the server received. */
function countingStore(inner: BlobStore, received: { bytes: number }): BlobStore {
  return {
    ...inner,
    put(key, data, meta) {
      if (data instanceof Uint8Array) return inner.put(key, data, meta)
      const counted = new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          received.bytes += chunk.byteLength
          controller.enqueue(chunk)
        },
      })
      return inner.put(key, data.pipeThrough(counted), meta)
    },
  }
}

/** The tus app mounted where the platform mounts it, behind CORS; `x-test-principal` signs in. */
function tusTestApp(options: Parameters<typeof createTusApp>[1] = {}) {
  const t = createTestApp({ env: { GLAM_BLOBS: 'memory' } })
  const received = { bytes: 0 }
  const completed: Completed[] = []
  const platform = { ...t.platform, blobs: countingStore(t.platform.blobs, received) }
  // As the platform's apiCors: Hono's cors only for requests that carry an Origin.
  const apiCors = cors({ origin: '*', exposeHeaders: ['X-Request-Id'] })
  const tus = new Hono<AppEnv>()
    .use('*', (c, next) => (c.req.header('origin') ? apiCors(c, next) : next()))
    .route('/', createTusApp(testHooks(completed), options))
  const app = mountOnPlatform(platform, '/api/assets/tus', tus, {
    principal: (c) => {
      const who = c.req.header('x-test-principal')
      return who ? { kind: 'user', id: who, customerId: null, scopes: [] } : undefined
    },
  })
  return { app, blobs: platform.blobs, clock: t.clock, received, completed }
}
type T = ReturnType<typeof tusTestApp>

const keysOf = async (t: T, under = 'uploads/tus/') =>
  (await t.blobs.list({ prefix: under, limit: 1000 })).items.map((item) => item.key)
const idOf = (path: string) => path.split('/').pop()!
async function infoOf(t: T, path: string) {
  const object = await t.blobs.get(`uploads/tus/${idOf(path)}/info`)
  return object ? (JSON.parse(await new Response(object.body).text()) as { lock?: { until: string } }) : null
}

async function until(check: () => boolean | Promise<boolean>, ms = 5000) {
  const deadline = Date.now() + ms
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

const create = (t: T, length: number, headers: Record<string, string> = {}, body?: BodyInit) =>
  t.app.request('/api/assets/tus', {
    method: 'POST',
    headers: {
      ...V,
      'upload-length': String(length),
      'upload-metadata': metadata({ type: 'image/png', filename: 'photo.png' }),
      ...headers,
    },
    ...(body !== undefined && { body }),
  })
async function created(t: T, length: number, headers: Record<string, string> = {}) {
  const res = await create(t, length, headers)
  expect(res.status).toBe(201)
  return new URL(res.headers.get('location')!).pathname
}
const patch = (
  t: T,
  path: string,
  offset: number,
  body: BodyInit | null,
  headers: Record<string, string> = {},
) =>
  t.app.request(path, {
    method: 'PATCH',
    headers: { ...V, 'content-type': OFFSET, 'upload-offset': String(offset), ...headers },
    body,
    ...(body instanceof ReadableStream && { duplex: 'half' }),
  } as RequestInit)
const withoutEmpty = (headers: Record<string, string>) =>
  Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== ''))
/** A refused HEAD: its status and a JSON content type (HEAD answers carry no body). */
function expectHeadError(res: Response, status: number) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
}
const head = (t: T, path: string, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'HEAD', headers: { ...V, ...headers } })
const remove = (t: T, path: string, headers: Record<string, string> = {}) =>
  t.app.request(path, { method: 'DELETE', headers: { ...V, ...headers } })

describe('tus-js-client against a real server', () => {
  const t = tusTestApp()
  let server: ServerType
  let endpoint: string
  beforeAll(async () => {
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: t.app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(s))
    })
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/assets/tus`
  })
  afterAll(async () => {
    ;(server as http.Server).closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  })

  const upload = (file: Buffer, options: tus.UploadOptions = {}) =>
    new Promise<{ upload: tus.Upload; assetId: string | undefined }>((resolve, reject) => {
      const u = new tus.Upload(file, {
        endpoint,
        chunkSize: MiB,
        retryDelays: [],
        metadata: { type: 'video/mp4', filename: 'clip.mp4' },
        ...options,
        onSuccess: ({ lastResponse }) =>
          resolve({ upload: u, assetId: lastResponse.getHeader('glam-asset-id') }),
        onError: reject,
      })
      u.start()
    })

  it('uploads 5 MB in 1 MB chunks, and complete sees the same bytes', async () => {
    const file = randomBytes(5 * MiB)
    const before = t.completed.length
    const { upload: done, assetId } = await upload(file)
    const asset = t.completed[before]!
    expect(asset).toMatchObject({
      type: 'video/mp4',
      name: 'clip.mp4',
      length: file.length,
      bytes: file.length,
    })
    expect(asset.sha256).toBe(sha256(file))
    expect(assetId).toBe(asset.id)
    expect(await keysOf(t, `uploads/tus/${idOf(done.url!)}/`)).toEqual([
      `uploads/tus/${idOf(done.url!)}/info`,
    ])
  })

  it('resumes an aborted upload from the stored offset', async () => {
    const file = randomBytes(5 * MiB)
    const start = t.received.bytes
    const first = await new Promise<tus.Upload>((resolve, reject) => {
      let chunks = 0
      const u: tus.Upload = new tus.Upload(file, {
        endpoint,
        chunkSize: MiB,
        retryDelays: [],
        metadata: { type: 'video/mp4', name: 'resumed.mp4' },
        onChunkComplete: () => {
          if (++chunks === 2) u.abort().then(() => resolve(u))
        },
        onError: reject,
      })
      u.start()
    })
    const res = await fetch(first.url!, { method: 'HEAD', headers: V })
    expect(res.headers.get('upload-offset')).toBe(String(2 * MiB))
    const before = t.completed.length
    await upload(file, { endpoint: null, uploadUrl: first.url })
    expect(t.completed[before]).toMatchObject({ name: 'resumed.mp4', sha256: sha256(file) })
    expect(t.received.bytes - start).toBeLessThan(2 * file.length)
    expect(t.received.bytes - start).toBe(file.length)
  })

  it('keeps the bytes that arrived before the connection dropped, and resumes after them', async () => {
    const file = randomBytes(3 * MiB)
    const path = await created(t, file.length)
    const start = t.received.bytes
    const req = http.request(`${endpoint}/${idOf(path)}`, {
      method: 'PATCH',
      headers: { ...V, 'content-type': OFFSET, 'upload-offset': '0', 'content-length': String(MiB) },
    })
    req.on('error', () => {})
    req.write(file.subarray(0, 300 * 1024))
    await until(() => t.received.bytes - start >= 300 * 1024)
    req.destroy()
    await until(async () => (await head(t, path)).headers.get('upload-offset') === String(300 * 1024))
    expect((await infoOf(t, path))!.lock).toBeUndefined()
    const before = t.completed.length
    await upload(file, { endpoint: null, uploadUrl: `${endpoint}/${idOf(path)}` })
    expect(t.completed[before]!.sha256).toBe(sha256(file))
    expect(t.received.bytes - start).toBe(file.length)
  })
})

describe('the tus protocol', () => {
  let t: T
  beforeAll(() => {
    t = tusTestApp()
  })

  it('answers OPTIONS with its version, extensions and maximum size', async () => {
    const res = await t.app.request('/api/assets/tus', { method: 'OPTIONS' })
    expect(res.status).toBe(204)
    expect(res.headers.get('tus-version')).toBe('1.0.0')
    expect(res.headers.get('tus-extension')).toBe('creation,creation-with-upload,termination,expiration')
    expect(res.headers.get('tus-max-size')).toBe(String(2 * 1024 ** 3))
  })

  it('refuses requests without Tus-Resumable: 1.0.0 with 412 and Tus-Version', async () => {
    const res = await t.app.request('/api/assets/tus', { method: 'POST', headers: { 'upload-length': '5' } })
    await expectError(res, 412, 'TUS_VERSION_UNSUPPORTED')
    expect(res.headers.get('tus-version')).toBe('1.0.0')
    const path = await created(t, 5)
    expect((await head(t, path, { 'tus-resumable': '0.2.2' })).status).toBe(412)
  })

  it('creates an upload: 201, absolute Location, expiry, state stored, HEAD tells it back', async () => {
    const res = await create(t, 10, { origin: 'https://shop.example' })
    expect(res.status).toBe(201)
    const location = res.headers.get('location')!
    expect(location).toMatch(/^http:\/\/localhost\/api\/assets\/tus\/[0-9a-f]{32}$/)
    expect(res.headers.get('tus-resumable')).toBe('1.0.0')
    expect(res.headers.get('upload-expires')).toBe('Tue, 02 Jun 2026 10:00:00 GMT')
    expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id')
    expect(res.headers.get('access-control-expose-headers')).toContain('Upload-Offset')
    const path = new URL(location).pathname
    expect(await keysOf(t, `uploads/tus/${idOf(path)}/`)).toEqual([`uploads/tus/${idOf(path)}/info`])
    const status = await head(t, path)
    expect(status.status).toBe(200)
    expect(Object.fromEntries(status.headers)).toMatchObject({
      'upload-offset': '0',
      'upload-length': '10',
      'cache-control': 'no-store',
      'upload-metadata': metadata({ type: 'image/png', filename: 'photo.png' }),
      'tus-resumable': '1.0.0',
    })
  })

  it.each([
    ['no Upload-Length', { 'upload-length': '' }, 'Upload-Length'],
    ['a negative Upload-Length', { 'upload-length': '-1' }, 'Upload-Length'],
    ['a deferred length', { 'upload-defer-length': '1' }, 'Upload-Defer-Length'],
    ['no metadata', { 'upload-metadata': '' }, 'Upload-Metadata'],
    ['no type', { 'upload-metadata': metadata({ name: 'a.png' }) }, 'Upload-Metadata'],
    ['an empty type', { 'upload-metadata': 'type' }, 'Upload-Metadata'],
    ['a value that is not base64', { 'upload-metadata': 'type i*mage' }, 'Upload-Metadata'],
    ['a key given twice', { 'upload-metadata': `type ${b64('a/b')},type ${b64('c/d')}` }, 'Upload-Metadata'],
    ['a pair with three parts', { 'upload-metadata': `type ${b64('a/b')} x` }, 'Upload-Metadata'],
  ])('refuses %s with 400', async (_, headers, field) => {
    const res = await t.app.request('/api/assets/tus', {
      method: 'POST',
      headers: withoutEmpty({
        ...V,
        'upload-length': '5',
        'upload-metadata': metadata({ type: 'image/png' }),
        ...headers,
      }),
    })
    const body = await expectError<{ path: string }[]>(res, 400, 'VALIDATION_FAILED')
    expect(body.error.details![0]!.path).toBe(field)
  })

  it('refuses an Upload-Length over Tus-Max-Size with 413, and what authorize refuses as it says', async () => {
    const before = await keysOf(t)
    await expectError(await create(t, 2 * 1024 ** 3 + 1), 413, 'PAYLOAD_TOO_LARGE')
    const refused = await create(t, 5, { 'upload-metadata': metadata({ type: 'nope' }) })
    await expectError(refused, 403, 'FORBIDDEN')
    expect(refused.headers.get('tus-resumable')).toBe('1.0.0')
    expect(await keysOf(t)).toEqual(before)
  })

  it('refuses PATCHes with the wrong content type (415), offset (409) or none (400)', async () => {
    const path = await created(t, 10)
    await expectError(
      await patch(t, path, 0, 'abc', { 'content-type': 'text/plain' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    )
    expect((await patch(t, path, 0, 'abc')).status).toBe(204)
    const wrong = await patch(t, path, 0, 'abc')
    await expectError(wrong, 409, 'CONFLICT')
    await expectError(await patch(t, path, 0, 'abc', { 'upload-offset': '' }), 400, 'VALIDATION_FAILED')
    expect((await head(t, path)).headers.get('upload-offset')).toBe('3')
  })

  it('refuses a body that runs past Upload-Length with 413, offset unchanged and nothing kept', async () => {
    const path = await created(t, 10)
    expect((await patch(t, path, 0, new Uint8Array(4))).status).toBe(204)
    await expectError(await patch(t, path, 4, new Uint8Array(7)), 413, 'PAYLOAD_TOO_LARGE')
    const declared = await patch(t, path, 4, new Uint8Array(7), { 'content-length': '7' })
    await expectError(declared, 413, 'PAYLOAD_TOO_LARGE')
    expect((await head(t, path)).headers.get('upload-offset')).toBe('4')
    expect(await keysOf(t, `uploads/tus/${idOf(path)}/`)).toEqual([
      `uploads/tus/${idOf(path)}/0000000000000000`,
      `uploads/tus/${idOf(path)}/info`,
    ])
    expect((await infoOf(t, path))!.lock).toBeUndefined()
  })

  it('answers 404 for unknown and malformed ids, and 405 to GET', async () => {
    expectHeadError(await head(t, `/api/assets/tus/${'0'.repeat(32)}`), 404)
    await expectError(await patch(t, '/api/assets/tus/..%2Finfo', 0, 'a'), 404, 'NOT_FOUND')
    expect((await remove(t, '/api/assets/tus/nope')).status).toBe(404)
    const path = await created(t, 1)
    await expectError(await t.app.request(path, { headers: V }), 405, 'METHOD_NOT_ALLOWED')
  })

  it('completes: complete sees every byte, the chunks go, the receipt answers HEAD and a repeated PATCH', async () => {
    const path = await created(t, 10)
    const res1 = await patch(t, path, 0, new TextEncoder().encode('0123'))
    expect(res1.headers.get('upload-offset')).toBe('4')
    expect(res1.headers.get('upload-expires')).toBeTruthy()
    const res2 = await patch(t, path, 4, new TextEncoder().encode('456789'))
    expect(res2.status).toBe(204)
    const asset = t.completed.at(-1)!
    expect(asset).toMatchObject({ type: 'image/png', name: 'photo.png', length: 10 })
    expect(asset.sha256).toBe(sha256(new TextEncoder().encode('0123456789')))
    expect(res2.headers.get('glam-asset-id')).toBe(asset.id)
    expect(res2.headers.get('glam-asset-url')).toBe(`/a/${asset.sha256}.bin`)
    expect(await keysOf(t, `uploads/tus/${idOf(path)}/`)).toEqual([`uploads/tus/${idOf(path)}/info`])
    const status = await head(t, path)
    expect(status.headers.get('upload-offset')).toBe('10')
    expect(status.headers.get('glam-asset-id')).toBe(asset.id)
    expect(status.headers.get('upload-expires')).toBeNull()
    const count = t.completed.length
    const again = await patch(t, path, 10, new Uint8Array(0))
    expect(again.status).toBe(204)
    expect(again.headers.get('glam-asset-id')).toBe(asset.id)
    expect(t.completed.length).toBe(count)
  })

  it('takes a body with the POST (creation-with-upload), and completes an empty upload at once', async () => {
    const res = await create(t, 10, { 'content-type': OFFSET }, '01234')
    expect(res.status).toBe(201)
    expect(res.headers.get('upload-offset')).toBe('5')
    const path = new URL(res.headers.get('location')!).pathname
    expect((await patch(t, path, 5, '56789')).headers.get('glam-asset-id')).toBe(t.completed.at(-1)!.id)
    const whole = await create(t, 3, { 'content-type': OFFSET }, 'abc')
    expect(whole.headers.get('glam-asset-id')).toBe(t.completed.at(-1)!.id)
    expect(t.completed.at(-1)!.sha256).toBe(sha256(new TextEncoder().encode('abc')))
    const empty = await create(t, 0)
    expect(empty.status).toBe(201)
    expect(empty.headers.get('glam-asset-id')).toBe(t.completed.at(-1)!.id)
    expect(t.completed.at(-1)!.bytes).toBe(0)
  })

  it('deletes the bytes and answers the final PATCH with the error when complete refuses', async () => {
    const path = await created(t, 6, { 'upload-metadata': metadata({ type: 'text/refused' }) })
    expect((await patch(t, path, 0, 'abc')).status).toBe(204)
    await expectError(await patch(t, path, 3, 'def'), 415, 'UNSUPPORTED_MEDIA_TYPE')
    expect(await keysOf(t, `uploads/tus/${idOf(path)}/`)).toEqual([])
    expect((await head(t, path)).status).toBe(404)
  })

  it('terminates: DELETE answers 204, removes every blob, and HEAD then answers 404', async () => {
    const path = await created(t, 10)
    await patch(t, path, 0, 'abc')
    const res = await remove(t, path)
    expect(res.status).toBe(204)
    expect(res.headers.get('tus-resumable')).toBe('1.0.0')
    expect(await keysOf(t, `uploads/tus/${idOf(path)}/`)).toEqual([])
    expectHeadError(await head(t, path), 404)
  })

  it('keeps an upload to the principal that created it (404 to anyone else)', async () => {
    const lena = { 'x-test-principal': 'lena' }
    const path = await created(t, 10, lena)
    expect((await head(t, path, lena)).status).toBe(200)
    expect((await head(t, path, { 'x-test-principal': 'mia' })).status).toBe(404)
    expect((await head(t, path)).status).toBe(404)
    await expectError(await patch(t, path, 0, 'abc', { 'x-test-principal': 'mia' }), 404, 'NOT_FOUND')
    expect((await remove(t, path, { 'x-test-principal': 'mia' })).status).toBe(404)
    expect((await patch(t, path, 0, 'abc', lena)).status).toBe(204)
  })

  it('keeps the bytes that arrived when the body breaks off', async () => {
    const path = await created(t, 5000)
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => controller.enqueue(new Uint8Array(1000).fill(7)),
      pull: (controller) => controller.error(new Error('connection reset')),
    })
    await patch(t, path, 0, body)
    expect((await head(t, path)).headers.get('upload-offset')).toBe('1000')
    expect((await infoOf(t, path))!.lock).toBeUndefined()
    expect((await patch(t, path, 1000, new Uint8Array(4000))).headers.get('glam-asset-id')).toBeTruthy()
    expect(t.completed.at(-1)!.bytes).toBe(5000)
  })

  it('locks an upload while a PATCH streams (423 to others), renewing the lease while bytes flow', async () => {
    const path = await created(t, 300)
    let push!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = controller
      },
    })
    const first = patch(t, path, 0, body)
    push.enqueue(new Uint8Array(100))
    await until(async () => (await infoOf(t, path))?.lock !== undefined)
    const locked = await patch(t, path, 0, 'abc')
    await expectError(locked, 423, 'TUS_UPLOAD_LOCKED')
    expect(locked.headers.get('retry-after')).toBe('1')
    expect((await remove(t, path)).status).toBe(423)
    const lease = (await infoOf(t, path))!.lock!.until
    t.clock.advance(45_000)
    push.enqueue(new Uint8Array(100))
    await until(async () => (await infoOf(t, path))!.lock?.until !== lease)
    expect(Date.parse((await infoOf(t, path))!.lock!.until)).toBe(Date.parse(lease) + 45_000)
    push.close()
    expect((await first).headers.get('upload-offset')).toBe('200')
    expect((await infoOf(t, path))!.lock).toBeUndefined()
    expect((await patch(t, path, 200, new Uint8Array(100))).status).toBe(204)
  })

  it('refuses options that make no sense when the app is built', () => {
    const hooks = testHooks([])
    expect(() => createTusApp(hooks, { maxSize: 0 })).toThrow(/maxSize/)
    expect(() => createTusApp(hooks, { chunkKeyPrefix: '/abs/../x' })).toThrow(/chunkKeyPrefix/)
    expect(() => createTusApp(hooks, { expiresAfterSeconds: -1 })).toThrow(/expiresAfterSeconds/)
  })
})

describe('expiry', () => {
  it('answers 410 once an unfinished upload expired, and the purge removes only expired ones', async () => {
    const t = tusTestApp({ expiresAfterSeconds: 3600 })
    const old = await created(t, 10)
    await patch(t, old, 0, 'abc')
    t.clock.advance(30 * 60_000)
    const young = await created(t, 10)
    await patch(t, young, 0, 'abc')
    const finished = await created(t, 3)
    await patch(t, finished, 0, 'abc')
    t.clock.advance(31 * 60_000)
    expectHeadError(await head(t, old), 410)
    await expectError(await patch(t, old, 3, 'def'), 410, 'GONE')
    expect((await head(t, young)).status).toBe(200)
    expect((await head(t, finished)).status).toBe(200)

    await t.blobs.put(`uploads/tus/${'f'.repeat(32)}/0000000000000000`, new Uint8Array(3))
    expect(await purgeExpiredTusUploads(t.blobs, t.clock.now())).toBe(1)
    const keys = await keysOf(t)
    expect(keys.some((key) => key.includes(idOf(old)))).toBe(false)
    expect(keys.filter((key) => key.includes(idOf(young)))).toHaveLength(2)
    expect(keys).toContain(`uploads/tus/${'f'.repeat(32)}/0000000000000000`)

    // A day later (by the store's own clock) the rest has expired and the orphan chunk is old.
    expect(await purgeExpiredTusUploads(t.blobs, new Date(Date.now() + 2 * 24 * 3600_000))).toBe(3)
    expect(await keysOf(t)).toEqual([])
  })
})
