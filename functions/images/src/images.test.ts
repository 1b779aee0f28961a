// Image variants through the whole app on a real SQLite database, the filesystem store and real
// sharp: presets, signatures, negotiation, orientation and metadata, the bomb, single flight
// (sharp calls counted), private sources, deletion, animation, and a runtime without sharp that
// hands its misses to a container over real HTTP.
import { createHash } from 'node:crypto'
import type { ImageProcessor } from '@glam/core'
import { demo } from '@glam/db'
import { createSharpImages } from '@glam/images/sharp'
import { signVariantQuery } from '@glam/images/variants'
import { expectError } from '@glam/testing/expect-error'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { serve } from '@hono/node-server'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>
const admin = { authorization: 'Bearer glam_dev_admin' }
const webp = { accept: 'image/webp,*/*' }
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let colour = 0
async function photo(
  width = 1600,
  height = 1200,
  options: { orientation?: number; format?: 'jpeg' | 'png' } = {},
) {
  colour++
  const background = { r: (colour * 37) % 256, g: (colour * 91) % 256, b: (colour * 53) % 256 }
  let pipeline = sharp({ create: { width, height, channels: 3, background } }).toFormat(
    options.format ?? 'jpeg',
  )
  if (options.orientation)
    pipeline = pipeline
      .withMetadata({ orientation: options.orientation })
      .withExif({ IFD0: { Copyright: 'Glam test', Artist: 'Jane Doe' } })
  return new Uint8Array(await pipeline.toBuffer())
}

/** A three-frame animated GIF, each frame its own colour. */
async function animatedGif(): Promise<Uint8Array> {
  const frames = await Promise.all(
    ['#f00', '#0f0', '#00f'].map((background) =>
      sharp({ create: { width: 600, height: 400, channels: 4, background } })
        .raw()
        .toBuffer(),
    ),
  )
  return new Uint8Array(
    await sharp(Buffer.concat(frames), {
      raw: { width: 600, height: 1200, channels: 4, pageHeight: 400 },
    } as never)
      .gif({ delay: [100, 100, 100], loop: 0 })
      .toBuffer(),
  )
}

/** A PNG header claiming 50,000×50,000 pixels (a decompression bomb's head; no encoder makes one). */
/** A PNG claiming 50,000×50,000 pixels in a few bytes; `note` (a tEXt chunk) makes each one distinct. */
function pngBomb(note = ''): Uint8Array {
  const crc32 = (bytes: Buffer) => {
    let c = -1
    for (const b of bytes) {
      c ^= b
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
    }
    return (c ^ -1) >>> 0
  }
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const out = Buffer.alloc(body.length + 8)
    out.writeUInt32BE(data.length, 0)
    body.copy(out, 4)
    out.writeUInt32BE(crc32(body), body.length + 4)
    return out
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(50_000, 0)
  ihdr.writeUInt32BE(50_000, 4)
  ihdr.set([8, 2, 0, 0, 0], 8)
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
  const idat = Buffer.from([0x78, 0x9c, 0x63, 0x00, 0x00, 0x00, 0x01, 0x00, 0x01])
  return new Uint8Array(
    Buffer.concat([
      signature,
      chunk('IHDR', ihdr),
      ...(note ? [chunk('tEXt', Buffer.from(`Comment\0${note}`, 'latin1'))] : []),
      chunk('IDAT', idat),
      chunk('IEND', Buffer.alloc(0)),
    ]),
  )
}

async function upload(t: T, bytes: Uint8Array, options: { type?: string; as?: Record<string, string> } = {}) {
  const query = new URLSearchParams({ type: options.type ?? 'campaign-image', name: 'look.jpg' })
  const res = await t.app.request(`/api/assets?${query}`, {
    method: 'POST',
    headers: { ...(options.as ?? admin), 'content-type': 'application/octet-stream' },
    body: bytes as BodyInit,
  })
  expect(res.status, await res.clone().text()).toBe(201)
  return (await res.json()) as { id: string; sha256: string; url: string }
}

const metaOf = async (res: Response) => sharp(new Uint8Array(await res.arrayBuffer())).metadata()

/** The sharp adapter with its transforms counted. */
function countedImages() {
  const real = createSharpImages()
  const counted = { transforms: 0 }
  const images: ImageProcessor = {
    ...real,
    adapter: real.adapter,
    probe: (input) => real.probe(input),
    placeholder: (input) => real.placeholder(input),
    transform: (input, options) => {
      counted.transforms++
      return real.transform(input, options)
    },
  }
  return { images, counted }
}

describe('image variants', () => {
  let t: T
  const { images, counted } = countedImages()
  let tokens: Record<string, string>

  beforeAll(async () => {
    t = await createTestAppWithDatabase({ overrides: { images } })
    tokens = await demoTokens(t, ['client', 'influencer'])
  })

  it('presets answer their width in the negotiated format, immutable, and from memory the second time', async () => {
    const { sha256 } = await upload(t, await photo())
    const first = await t.app.request(`/i/${sha256}?p=card`, { headers: webp })
    expect(first.status).toBe(200)
    expect(first.headers.get('x-variant-cache')).toBe('miss')
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(first.headers.get('vary')).toBe('Accept')
    expect(await metaOf(first)).toMatchObject({ format: 'webp', width: 480, height: 360 })
    const second = await t.app.request(`/i/${sha256}?p=card`, { headers: webp })
    expect(second.headers.get('x-variant-cache')).toBe('memory')
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'))

    for (const [preset, size] of [
      ['thumb', { width: 160, height: 120 }],
      ['hero', { width: 1600, height: 1200 }],
      ['og', { width: 1200, height: 630 }],
    ] as const) {
      const res = await t.app.request(`/i/${sha256}?p=${preset}`, { headers: webp })
      expect(await metaOf(res), preset).toMatchObject(size)
    }
  })

  it('negotiates AVIF, WebP, JPEG, and PNG for PNG sources; wildcards do not count', async () => {
    const jpeg = await upload(t, await photo(800, 600))
    const png = await upload(t, await photo(800, 600, { format: 'png' }))
    const cases = [
      [jpeg.sha256, 'image/avif,image/webp,*/*', 'image/avif'],
      [jpeg.sha256, 'image/avif;q=0,image/webp', 'image/webp'],
      [jpeg.sha256, 'image/png,image/*;q=0.8,*/*;q=0.5', 'image/jpeg'],
      [png.sha256, '*/*', 'image/png'],
      [png.sha256, 'image/webp', 'image/webp'],
    ] as const
    for (const [sha256, accept, type] of cases) {
      const res = await t.app.request(`/i/${sha256}?p=thumb`, { headers: { accept } })
      expect(res.headers.get('content-type'), accept).toBe(type)
      expect((await metaOf(res)).format).toBe(
        type === 'image/jpeg' ? 'jpeg' : type.slice(6).replace('avif', 'heif'),
      )
    }
  })

  it('free parameters only with a valid signature; tampered and expired ones are refused', async () => {
    const { sha256 } = await upload(t, await photo())
    const secret = t.config.secret
    await expectError(await t.app.request(`/i/${sha256}?w=5000&h=5000`), 400, 'UNSIGNED_VARIANT')
    const signed = signVariantQuery(secret, sha256, { w: 300, h: 300, fit: 'cover', format: 'png' })
    const res = await t.app.request(`/i/${sha256}?${signed}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('vary')).toBeNull()
    expect(await metaOf(res)).toMatchObject({ format: 'png', width: 300, height: 300 })
    await expectError(
      await t.app.request(`/i/${sha256}?${signed.replace('w=300', 'w=3000')}`),
      403,
      'INVALID_VARIANT_SIGNATURE',
    )
    const expiring = signVariantQuery(
      secret,
      sha256,
      { w: 200 },
      { expiresAt: new Date(t.clock.now().getTime() + 60_000) },
    )
    expect((await t.app.request(`/i/${sha256}?${expiring}`)).status).toBe(200)
    t.clock.advance(61_000)
    await expectError(await t.app.request(`/i/${sha256}?${expiring}`), 403, 'VARIANT_SIGNATURE_EXPIRED')
  })

  it('applies EXIF orientation and strips metadata (EXIF, ICC), output sRGB', async () => {
    const { sha256 } = await upload(t, await photo(800, 400, { orientation: 6 }))
    const res = await t.app.request(`/i/${sha256}?p=thumb`, { headers: { accept: 'image/jpeg' } })
    const meta = await metaOf(res)
    expect(meta).toMatchObject({ format: 'jpeg', width: 160, height: 320, space: 'srgb' })
    expect(meta.exif).toBeUndefined()
    expect(meta.icc).toBeUndefined()
    expect(meta.orientation).toBeUndefined()
  })

  it('refuses a 50,000×50,000 PNG within 100 ms: the upload, and a variant of one stored before the limit', async () => {
    const bomb = pngBomb()
    // The fastest of three refusals: each does the whole work, so a slower one only measured a
    // busy machine (CI shares two cores between test files), not a decode of the bomb.
    let fastest = Number.POSITIVE_INFINITY
    for (let attempt = 0; attempt < 3; attempt++) {
      const started = performance.now()
      const refused = await t.app.request('/api/assets?type=campaign-image&name=bomb.png', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/octet-stream' },
        body: bomb as BodyInit,
      })
      const refusal = await expectError(refused, 422, 'IMAGE_TOO_LARGE')
      fastest = Math.min(fastest, performance.now() - started)
      expect(refusal.error.message, JSON.stringify(refusal)).toContain('50000×50000')
    }
    expect(fastest).toBeLessThan(100)

    // Stored directly, as if uploaded under a laxer limit: three distinct bombs, so each first
    // variant request asks sharp for the header once; the fastest must answer within 100 ms.
    let fastestVariant = Number.POSITIVE_INFINITY
    for (let attempt = 0; attempt < 3; attempt++) {
      const stored = attempt === 0 ? bomb : pngBomb(`stored-${attempt}`)
      const sha256 = sha(stored)
      await t.platform.blobs.put(`assets/${sha256}`, stored, { contentType: 'image/png' })
      await t.repos.assets.insert({
        id: `as_bomb_${attempt}_${Date.now()}`,
        appId: 'dashboard',
        type: 'campaign-image',
        name: 'bomb.png',
        format: 'png',
        contentType: 'image/png',
        size: stored.byteLength,
        sha256,
        visibility: 'public',
        createdByType: 'user',
        createdBy: demo.adminUserId,
        customerId: null,
        influencerId: null,
        width: null,
        height: null,
        pages: null,
        placeholder: null,
      })
      const before = counted.transforms
      const asked = performance.now()
      const res = await t.app.request(`/i/${sha256}?p=card`, { headers: webp })
      const elapsed = performance.now() - asked
      await expectError(res, 422, 'IMAGE_TOO_LARGE')
      fastestVariant = Math.min(fastestVariant, elapsed)
      expect(counted.transforms).toBe(before + 1)
      // Remembered: its other variants are refused without asking sharp again.
      await expectError(
        await t.app.request(`/i/${sha256}?p=thumb`, { headers: webp }),
        422,
        'IMAGE_TOO_LARGE',
      )
      expect(counted.transforms).toBe(before + 1)
    }
    expect(fastestVariant).toBeLessThan(100)
  })

  it('computes a new variant once for 12 concurrent requests (sharp calls counted)', async () => {
    const { sha256 } = await upload(t, await photo(2400, 1600))
    const before = counted.transforms
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => t.app.request(`/i/${sha256}?p=hero`, { headers: webp })),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(12).fill(200))
    expect(counted.transforms - before).toBe(1)
    const bodies = await Promise.all(answers.map(async (r) => sha(new Uint8Array(await r.arrayBuffer()))))
    expect(new Set(bodies).size).toBe(1)
    const computed = t
      .logRecords()
      .filter((r) => r.event === 'image.variant_computed' && String(r.key).startsWith(`variants/${sha256}/`))
    expect(computed).toHaveLength(1)
  })

  it('a private source: 404 for strangers, its readers by session, anyone with a signature that expires', async () => {
    const mine = { authorization: `Bearer ${tokens.influencer}` }
    const { sha256 } = await upload(t, await photo(600, 400), { type: 'story-insight', as: mine })
    await expectError(await t.app.request(`/i/${sha256}?p=thumb`), 404, 'NOT_FOUND')
    const stranger = await t.app.request(`/i/${sha256}?p=thumb`, {
      headers: { authorization: `Bearer ${tokens.client}` },
    })
    expect([404]).toContain(stranger.status)
    const own = await t.app.request(`/i/${sha256}?p=thumb`, { headers: mine })
    expect(own.status).toBe(200)
    expect(own.headers.get('cache-control')).toBe('private, no-cache')
    expect(own.headers.get('vary')).toBe('Accept, Cookie, Authorization')
    // A signature without an expiry does not open private bytes; with one it does.
    const forever = signVariantQuery(t.config.secret, sha256, { p: 'thumb', w: 100 })
    await expectError(await t.app.request(`/i/${sha256}?${forever}`), 404, 'NOT_FOUND')
    const until = new Date(t.clock.now().getTime() + 600_000)
    const signed = signVariantQuery(t.config.secret, sha256, { w: 100 }, { expiresAt: until })
    const res = await t.app.request(`/i/${sha256}?${signed}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/)
  })

  it('the asset API names the variants and a srcset; a private asset’s are signed and open it', async () => {
    const pub = (await upload(t, await photo(1000, 500))) as unknown as {
      sha256: string
      variants: Record<string, string>
      srcset: string
    }
    expect(pub.variants).toEqual({
      thumb: `http://localhost/i/${pub.sha256}?p=thumb`,
      card: `http://localhost/i/${pub.sha256}?p=card`,
      hero: `http://localhost/i/${pub.sha256}?p=hero`,
      og: `http://localhost/i/${pub.sha256}?p=og`,
    })
    expect(pub.srcset).toBe(
      `http://localhost/i/${pub.sha256}?p=thumb 160w, http://localhost/i/${pub.sha256}?p=card 480w, http://localhost/i/${pub.sha256}?p=hero 1000w`,
    )
    const mine = { authorization: `Bearer ${tokens.influencer}` }
    const priv = (await upload(t, await photo(640, 480), { type: 'story-insight', as: mine })) as unknown as {
      variants: Record<string, string>
      srcset: string
    }
    expect(priv.variants.card).toMatch(/\?exp=\d+&p=card&sig=[A-Za-z0-9_-]{43}$/)
    expect(priv.srcset.split(', ')).toHaveLength(3)
    const res = await t.app.request(priv.variants.card!, { headers: webp })
    expect(res.status).toBe(200)
    expect(await metaOf(res)).toMatchObject({ width: 480, height: 360 })
  })

  it('bounds the side a preset leaves open: a hero of a 300×6000 strip is at most 4096 tall', async () => {
    const { sha256 } = await upload(t, await photo(300, 6000, { format: 'png' }))
    const res = await t.app.request(`/i/${sha256}?p=hero`, { headers: webp })
    expect(await metaOf(res)).toMatchObject({ format: 'webp', height: 4096, width: 205 })
  })

  it('stops serving variants as public once no public record names the bytes', async () => {
    const bytes = await photo(640, 480)
    const pub = await upload(t, bytes)
    const mine = { authorization: `Bearer ${tokens.influencer}` }
    await upload(t, bytes, { type: 'story-insight', as: mine })
    expect((await t.app.request(`/i/${pub.sha256}?p=card`, { headers: webp })).status).toBe(200)
    expect(
      (await t.app.request(`/i/${pub.sha256}?p=card`, { headers: webp })).headers.get('x-variant-cache'),
    ).toBe('memory')
    expect((await t.app.request(`/api/assets/${pub.id}`, { method: 'DELETE', headers: admin })).status).toBe(
      204,
    )
    await expectError(await t.app.request(`/i/${pub.sha256}?p=card`, { headers: webp }), 404, 'NOT_FOUND')
    // Its remaining (private) reader still gets it, privately.
    const own = await t.app.request(`/i/${pub.sha256}?p=card`, { headers: { ...webp, ...mine } })
    expect([own.status, own.headers.get('cache-control')]).toEqual([200, 'private, no-cache'])
  })

  it('only images have variants; unknown hashes are 404', async () => {
    await expectError(await t.app.request(`/i/${'0'.repeat(64)}?p=card`), 404, 'NOT_FOUND')
    await expectError(await t.app.request('/i/ABC?p=card'), 404, 'NOT_FOUND')
  })

  it('deleting the last record of a source deletes its variants too', async () => {
    const { id, sha256 } = await upload(t, await photo(700, 500))
    expect((await t.app.request(`/i/${sha256}?p=thumb`, { headers: webp })).status).toBe(200)
    // The variant is answered first and stored meanwhile.
    await t.platform.drain(5000)
    expect((await t.platform.blobs.list({ prefix: `variants/${sha256}/` })).items).toHaveLength(1)
    expect((await t.app.request(`/api/assets/${id}`, { method: 'DELETE', headers: admin })).status).toBe(204)
    expect((await t.platform.blobs.list({ prefix: `variants/${sha256}/` })).items).toHaveLength(0)
    await expectError(await t.app.request(`/i/${sha256}?p=thumb`, { headers: webp }), 404, 'NOT_FOUND')
  })

  it('an animated GIF stays animated in card (WebP) and becomes its first frame in thumb', async () => {
    const { sha256 } = await upload(t, await animatedGif())
    const card = await t.app.request(`/i/${sha256}?p=card`, { headers: { accept: 'image/avif,image/webp' } })
    expect(card.headers.get('content-type')).toBe('image/webp')
    expect(await metaOf(card)).toMatchObject({ pages: 3, width: 480 })
    const thumb = await t.app.request(`/i/${sha256}?p=thumb`, { headers: { accept: 'image/webp' } })
    const still = await metaOf(thumb)
    expect(still.pages ?? 1).toBe(1)
    expect(still.width).toBe(160)
  })
})

describe('a container at capacity', () => {
  it('answers 503 IMAGES_BUSY with Retry-After beyond GLAM_IMAGE_QUEUE, and serves the rest', async () => {
    const busy = await createTestAppWithDatabase({
      env: { GLAM_IMAGE_CONCURRENCY: '1', GLAM_IMAGE_QUEUE: '0' },
    })
    const sources = await Promise.all(
      Array.from({ length: 6 }, () => photo(2000, 1500).then((b) => upload(busy, b))),
    )
    const answers = await Promise.all(
      sources.map(({ sha256 }) => busy.app.request(`/i/${sha256}?p=hero`, { headers: webp })),
    )
    const statuses = answers.map((r) => r.status)
    expect(statuses).toContain(200)
    expect(statuses).toContain(503)
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true)
    for (const res of answers.filter((r) => r.status === 503)) {
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
      await expectError(res, 503, 'IMAGES_BUSY')
    }
    // Once the work is done, the refused ones are computed on asking again.
    for (const { sha256 } of sources)
      expect((await busy.app.request(`/i/${sha256}?p=hero`, { headers: webp })).status).toBe(200)
  })
})

describe('a runtime without sharp', () => {
  let container: T
  let edge: T
  let server: ReturnType<typeof serve>

  beforeAll(async () => {
    container = await createTestAppWithDatabase()
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: container.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
        resolve(info.port),
      )
    })
    // Its own database and store, as a worker with its own D1 and bucket has.
    edge = await createTestAppWithDatabase({
      env: { GLAM_IMAGES_ORIGIN: `http://127.0.0.1:${port}` },
      overrides: { images: undefined },
    })
  })
  afterAll(() => new Promise<void>((resolve) => server?.close(() => resolve())))

  it('keeps nothing a container answers that is not the variant asked for (another ETag, no bytes)', async () => {
    const { createServer } = await import('node:http')
    for (const [etag, body] of [
      ['"another-variant"', 'some bytes'],
      [null, ''],
    ] as const) {
      const liar = createServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'image/webp', ...(etag && { etag }) })
        res.end(body)
      })
      await new Promise<void>((resolve) => liar.listen(0, '127.0.0.1', resolve))
      const { port } = liar.address() as { port: number }
      const fooled = await createTestAppWithDatabase({
        env: { GLAM_IMAGES_ORIGIN: `http://127.0.0.1:${port}` },
        overrides: { images: undefined },
      })
      const { sha256 } = await upload(fooled, await photo(300, 200))
      await expectError(
        await fooled.app.request(`/i/${sha256}?p=card`, { headers: webp }),
        503,
        'IMAGES_UNAVAILABLE',
      )
      await fooled.platform.drain(5000)
      expect((await fooled.platform.blobs.list({ prefix: `variants/${sha256}/` })).items).toHaveLength(0)
      await new Promise<void>((resolve) => liar.close(() => resolve()))
    }
  })

  it('answers 503 IMAGES_UNAVAILABLE for a miss when no container is configured', async () => {
    const alone = await createTestAppWithDatabase({ overrides: { images: undefined } })
    const { sha256 } = await upload(alone, await photo(300, 200))
    await expectError(await alone.app.request(`/i/${sha256}?p=thumb`), 503, 'IMAGES_UNAVAILABLE')
  })

  it('hands a miss to the container, keeps the answer, and serves it from its store next time', async () => {
    const bytes = await photo(1000, 800)
    const { sha256 } = await upload(edge, bytes)
    await upload(container, bytes)
    const first = await edge.app.request(`http://glam.test/i/${sha256}?p=card`, { headers: webp })
    expect(first.status).toBe(200)
    expect(first.headers.get('x-variant-cache')).toBe('origin')
    expect(await metaOf(first)).toMatchObject({ format: 'webp', width: 480 })
    await Promise.all([edge.platform.drain(5000), container.platform.drain(5000)])
    const key = `variants/${sha256}/480x_-inside-q80-s.webp`
    expect(await edge.platform.blobs.has(key)).toBe(true)
    expect(await container.platform.blobs.has(key)).toBe(true)
    const again = await edge.app.request(`/i/${sha256}?p=card`, { headers: webp })
    expect(again.headers.get('x-variant-cache')).toBe('memory')
    // The container's errors pass through unchanged.
    const other = await upload(edge, await photo(320, 200))
    await expectError(await edge.app.request(`/i/${other.sha256}?p=card`), 404, 'NOT_FOUND')
  })
})
