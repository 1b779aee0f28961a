// Uploads, delivery and the assets API through the whole app, on each blob store the platform
// runs on: the filesystem, an S3-compatible server (s3rver) and R2 (Miniflare's binding). Every
// bad input must answer its code and leave nothing stored: no record, no blob, no temporary blob.

import { createHash } from 'node:crypto'
import { createR2BlobStore } from '@glam/blobs/r2'
import { startMiniflareR2 } from '@glam/blobs/r2-miniflare'
import { createS3BlobStore } from '@glam/blobs/s3'
import { type RunningS3rver, startS3rver } from '@glam/blobs/s3rver'
import type { BlobStore } from '@glam/core'
import { demo } from '@glam/db'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { compatibilityDate } from '@glam/testing/runtimes'
import { PDFDocument } from 'pdf-lib'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

type T = Awaited<ReturnType<typeof createTestAppWithDatabase>>
const admin = { authorization: 'Bearer glam_dev_admin' }
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

async function png(width = 64, height = 48, color = '#e91e63') {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: color } })
      .png()
      .toBuffer(),
  )
}
async function jpeg(width = 80, height = 60) {
  return new Uint8Array(
    await sharp({ create: { width, height, channels: 3, background: '#3366cc' } })
      .jpeg()
      .toBuffer(),
  )
}
async function pdf(pages: number) {
  const doc = await PDFDocument.create()
  for (let i = 0; i < pages; i++)
    doc.addPage([595, 842]).drawText(`Briefing page ${i + 1}`, { x: 50, y: 780 })
  return doc.save()
}

interface Store {
  name: string
  make: () => Promise<{ blobs: BlobStore | undefined; close: () => Promise<void> }>
}

const stores: Store[] = [
  { name: 'filesystem', make: async () => ({ blobs: undefined, close: async () => {} }) },
  {
    name: 'S3 (s3rver)',
    make: async () => {
      const s3: RunningS3rver = await startS3rver()
      return { blobs: createS3BlobStore(s3.options), close: () => s3.stop() }
    },
  },
  {
    name: 'R2 (Miniflare)',
    make: async () => {
      const r2 = await startMiniflareR2({ compatibilityDate })
      return { blobs: createR2BlobStore(r2.bucket), close: () => r2.stop() }
    },
  },
]

describe.each(stores)('assets on $name', (store) => {
  let t: T
  let close: () => Promise<void>
  const tokens: Record<string, string> = {}
  const bearer = (who: string) => ({ authorization: `Bearer ${tokens[who]}` })

  beforeAll(async () => {
    const made = await store.make()
    close = made.close
    t = await createTestAppWithDatabase(made.blobs ? { overrides: { blobs: made.blobs } } : {})
    Object.assign(tokens, await demoTokens(t, ['client', 'influencer']))
  })
  afterAll(async () => {
    await close?.()
  })

  const form = (
    fields: Record<string, string>,
    file: Uint8Array,
    filename = 'photo.png',
    type = 'image/png',
  ) => {
    const body = new FormData()
    for (const [k, v] of Object.entries(fields)) body.append(k, v)
    body.append('file', new Blob([file as BlobPart], { type }), filename)
    return body
  }
  const upload = (
    body: FormData | Uint8Array | ReadableStream,
    query = '',
    headers: Record<string, string> = admin,
  ) =>
    t.app.request(`/api/assets${query}`, {
      method: 'POST',
      headers:
        body instanceof Uint8Array ? { ...headers, 'content-type': 'application/octet-stream' } : headers,
      body: body as BodyInit,
      ...(body instanceof ReadableStream && { duplex: 'half' }),
    } as RequestInit)

  /** Blobs under a prefix (content-addressed ones, temporary ones). */
  const keys = async (prefix: string) =>
    (await t.platform.blobs.list({ prefix, limit: 1000 })).items.map((i) => i.key)
  const records = async () => (await t.repos.assets.list({ limit: 100 })).items.length

  async function expectNothingStored(before: { records: number; blobs: number }) {
    expect(await records()).toBe(before.records)
    expect((await keys('assets/')).length).toBe(before.blobs)
    expect(await keys('uploads/tmp/')).toEqual([])
  }
  const snapshot = async () => ({ records: await records(), blobs: (await keys('assets/')).length })

  it('uploads a multipart image: 201 with its hash, sniffed type, size, dimensions and URL; audited', async () => {
    const bytes = await png(64, 48)
    const res = await upload(form({ type: 'product-photo', name: 'Lipstick.png' }, bytes))
    expect(res.status).toBe(201)
    const body = (await res.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      sha256: sha(bytes),
      type: 'product-photo',
      contentType: 'image/png',
      size: bytes.byteLength,
      width: 64,
      height: 48,
      name: 'Lipstick.png',
      visibility: 'public',
    })
    expect(body.id).toMatch(/^[0-9a-f-]{36}$/)
    expect(body.url).toBe(`http://localhost/a/${sha(bytes)}.png`)
    expect(typeof body.placeholder).toBe('string')
    expect(new Date(body.createdAt as string).toISOString()).toBe(body.createdAt)
    expect(await t.repos.audit.forTarget('asset', body.id as string)).toEqual([
      expect.objectContaining({ action: 'asset.uploaded' }),
    ])
  })

  it('stores the same bytes once: two uploads, two records, one blob', async () => {
    const bytes = await png(33, 33, '#00ff00')
    const a = (await (await upload(form({ type: 'campaign-image' }, bytes))).json()) as {
      id: string
      sha256: string
    }
    const b = (await (await upload(bytes, '?type=product-photo&name=again.png')).json()) as {
      id: string
      sha256: string
    }
    expect(a.sha256).toBe(b.sha256)
    expect(a.id).not.toBe(b.id)
    expect((await keys('assets/')).filter((k) => k === `assets/${a.sha256}`)).toHaveLength(1)
    expect(await t.repos.assets.references(a.sha256)).toBe(2)
  })

  it('delivers originals: immutable, strong ETag, HEAD, 304, ranges (206, 416), and 404 for wrong extensions or hashes', async () => {
    const bytes = await jpeg()
    const { sha256 } = (await (await upload(bytes, '?type=avatar&name=me.jpg')).json()) as { sha256: string }
    const url = `/a/${sha256}.jpg`
    const res = await t.app.request(url)
    expect(res.status).toBe(200)
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('etag')).toBe(`"${sha256}"`)
    expect(res.headers.get('content-type')).toBe('image/jpeg')
    expect(res.headers.get('content-length')).toBe(String(bytes.byteLength))
    expect(res.headers.get('accept-ranges')).toBe('bytes')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain('sandbox')

    const head = await t.app.request(url, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(bytes.byteLength))
    expect(await head.text()).toBe('')

    const cached = await t.app.request(url, { headers: { 'if-none-match': `"${sha256}"` } })
    expect(cached.status).toBe(304)
    expect(cached.headers.get('etag')).toBe(`"${sha256}"`)

    const part = await t.app.request(url, { headers: { range: 'bytes=10-19' } })
    expect(part.status).toBe(206)
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${bytes.byteLength}`)
    expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(10, 20))
    const suffix = await t.app.request(url, { headers: { range: 'bytes=-5' } })
    expect(new Uint8Array(await suffix.arrayBuffer())).toEqual(bytes.subarray(bytes.byteLength - 5))

    const beyond = await t.app.request(url, { headers: { range: `bytes=${bytes.byteLength + 10}-` } })
    expect(beyond.status).toBe(416)
    expect(beyond.headers.get('content-range')).toBe(`bytes */${bytes.byteLength}`)
    // A stale If-Range: the whole file.
    const stale = await t.app.request(url, { headers: { range: 'bytes=0-1', 'if-range': '"other"' } })
    expect(stale.status).toBe(200)

    for (const path of [
      `/a/${sha256}.png`,
      `/a/${'0'.repeat(64)}.jpg`,
      `/a/${sha256}`,
      '/a/../etc/passwd',
      `/a/${sha256.toUpperCase()}.jpg`,
    ]) {
      const missing = await t.app.request(path)
      expect(missing.status, path).toBe(404)
    }
  })

  it('keeps private assets private: 404 without a valid signature or grant, exactly like an unknown hash', async () => {
    const bytes = await pdf(3)
    const res = await upload(bytes, '?type=briefing&name=Q3%20briefing.pdf', bearer('client'))
    expect(res.status).toBe(201)
    const asset = (await res.json()) as {
      id: string
      sha256: string
      url: string
      pages: number
      visibility: string
    }
    expect(asset).toMatchObject({ pages: 3, visibility: 'private' })
    const signed = new URL(asset.url)
    expect(signed.searchParams.get('exp')).toMatch(/^\d+$/)
    expect(signed.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const ok = await t.app.request(`${signed.pathname}${signed.search}`)
    expect(ok.status).toBe(200)
    expect(new Uint8Array(await ok.arrayBuffer())).toEqual(bytes)
    expect(ok.headers.get('cache-control')).toMatch(/^private/)
    expect(ok.headers.get('content-disposition')).toContain('Q3 briefing.pdf')

    const unknown = await t.app.request(`/a/${'1'.repeat(64)}.pdf`)
    const bare = await t.app.request(signed.pathname)
    const forged = await t.app.request(
      `${signed.pathname}?exp=${signed.searchParams.get('exp')}&sig=${'A'.repeat(43)}`,
    )
    const exp = Number(signed.searchParams.get('exp'))
    const longer = await t.app.request(
      `${signed.pathname}?exp=${exp + 3600}&sig=${signed.searchParams.get('sig')}`,
    )
    const said = ({ error }: { error: { code: string; message: string } }) => ({
      code: error.code,
      message: error.message,
    })
    const unknownBody = said(await unknown.json())
    for (const denied of [bare, forged, longer]) {
      expect(denied.status).toBe(404)
      expect(said(await denied.json())).toEqual(unknownBody)
    }
    // Expired: the clock moves past exp.
    t.clock.advance(2 * 3600_000)
    expect((await t.app.request(`${signed.pathname}${signed.search}`)).status).toBe(404)
    t.clock.advance(-2 * 3600_000)

    // A caller whose grants allow it reads it without a signature; others get 404.
    expect((await t.app.request(signed.pathname, { headers: bearer('client') })).status).toBe(200)
    expect((await t.app.request(signed.pathname, { headers: admin })).status).toBe(200)
    // The influencer is not of this customer's briefing unless it is hers: 404 on the API too.
    expect((await t.app.request(`/api/assets/${asset.id}`, { headers: bearer('influencer') })).status).toBe(
      404,
    )
    expect((await t.app.request(signed.pathname, { headers: bearer('influencer') })).status).toBe(404)
  })

  it('lets an influencer upload and read her own story insights only', async () => {
    const bytes = await png(40, 80, '#123456')
    const res = await upload(bytes, '?type=story-insight&name=insights.png', bearer('influencer'))
    expect(res.status).toBe(201)
    const asset = (await res.json()) as { id: string; owner: { influencerId: string } }
    expect(asset.owner.influencerId).toBe(demo.lenaId)
    expect((await t.app.request(`/api/assets/${asset.id}`, { headers: bearer('influencer') })).status).toBe(
      200,
    )
    expect((await t.app.request(`/api/assets/${asset.id}`, { headers: bearer('client') })).status).toBe(404)
    const listed = (await (
      await t.app.request('/api/assets?type=story-insight', { headers: bearer('client') })
    ).json()) as { items: unknown[] }
    expect(listed.items).toEqual([])
  })

  it('refuses an upload without the role with 403 FORBIDDEN, and stores nothing', async () => {
    const before = await snapshot()
    const brief = await upload(await pdf(1), '?type=briefing', bearer('influencer'))
    expect(brief.status).toBe(403)
    expect(await brief.json()).toMatchObject({ error: { code: 'FORBIDDEN' } })
    const feed = await upload(
      new TextEncoder().encode('id,title\n1,Lipstick\n'),
      '?type=feed',
      bearer('client'),
    )
    expect(feed.status).toBe(403)
    const anonymous = await t.app.request('/api/assets?type=avatar', { method: 'POST', body: await png() })
    expect(anonymous.status).toBe(401)
    await expectNothingStored(before)
  })

  it('refuses spoofed types with 415 UNSUPPORTED_MEDIA_TYPE: PHP named .jpg, HTML sent as image/png, SVG, a polyglot', async () => {
    const before = await snapshot()
    const php = new TextEncoder().encode('<?php system($_GET["c"]); ?>\n')
    const html = new TextEncoder().encode(
      '<!doctype html><html><body><script>alert(1)</script></body></html>',
    )
    const svg = new TextEncoder().encode(
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    )
    const polyglot = new Uint8Array([...(await jpeg()), ...new TextEncoder().encode('<?php echo 1; ?>')])
    for (const [bytes, filename, type] of [
      [php, 'shell.jpg', 'image/jpeg'],
      [html, 'pic.png', 'image/png'],
      [svg, 'logo.svg', 'image/svg+xml'],
      [polyglot, 'ok.jpg', 'image/jpeg'],
    ] as const) {
      const res = await upload(form({ type: 'campaign-image' }, bytes, filename, type))
      expect(res.status, filename).toBe(415)
      expect(await res.json()).toMatchObject({ error: { code: 'UNSUPPORTED_MEDIA_TYPE' } })
    }
    // The right format for another type is refused too: a PDF is no avatar.
    expect((await upload(await pdf(1), '?type=avatar')).status).toBe(415)
    await expectNothingStored(before)
  })

  it('refuses a file over its type limit with 413 while streaming (declared or chunked), storing nothing', async () => {
    const before = await snapshot()
    const head = await png(10, 10)
    const big = new Uint8Array(5_100_000)
    big.set(head)
    const declared = await upload(big, '?type=avatar')
    expect(declared.status).toBe(413)
    expect(await declared.json()).toMatchObject({ error: { code: 'PAYLOAD_TOO_LARGE' } })
    // Without a length: counted as it streams, refused past 5 MB.
    let sent = 0
    const chunked = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent >= 6_000_000) return controller.close()
        const chunk = sent === 0 ? head : new Uint8Array(256 * 1024)
        sent += chunk.byteLength
        controller.enqueue(chunk)
      },
    })
    const streamed = await upload(chunked, '?type=avatar')
    expect(streamed.status).toBe(413)
    const multipart = await upload(form({ type: 'avatar' }, big))
    expect(multipart.status).toBe(413)
    await expectNothingStored(before)
  })

  it('answers 400 UNKNOWN_ASSET_TYPE for a type that does not exist, and 400 without a type', async () => {
    const unknown = await upload(await png(), '?type=selfie')
    expect(unknown.status).toBe(400)
    expect(await unknown.json()).toMatchObject({ error: { code: 'UNKNOWN_ASSET_TYPE' } })
    expect((await upload(form({ type: 'selfie' }, await png()))).status).toBe(400)
    const none = await upload(await png())
    expect(none.status).toBe(400)
    expect(await none.json()).toMatchObject({ error: { code: 'VALIDATION_FAILED' } })
  })

  it('refuses a truncated image with 422 INVALID_IMAGE, storing nothing', async () => {
    const before = await snapshot()
    const whole = await jpeg(400, 300)
    const res = await upload(whole.subarray(0, Math.floor(whole.byteLength * 0.6)), '?type=product-photo')
    expect(res.status).toBe(422)
    expect(await res.json()).toMatchObject({ error: { code: 'INVALID_IMAGE' } })
    await expectNothingStored(before)
  })

  it('strips path tricks from names to a safe display name', async () => {
    const bytes = await png(12, 12, '#aabbcc')
    for (const [name, shown] of [
      ['../../etc/passwd.png', 'passwd.png'],
      ['C:\\Users\\x\\shot.png', 'shot.png'],
      ['.hidden.png', 'hidden.png'],
      ['evil\u202egnp.exe', 'evilgnp.exe'],
      ['a\u0000b\r\nc.png', 'abc.png'],
      ['..', 'avatar.png'],
    ] as [string, string][]) {
      const res = await upload(bytes, `?type=avatar&name=${encodeURIComponent(name)}`)
      expect(((await res.json()) as { name: string }).name, name).toBe(shown)
    }
  })

  it('lists with filters and a cursor, shows one asset, and deletes: the blob goes with its last record', async () => {
    const bytes = await png(21, 21, '#010203')
    const first = (await (await upload(bytes, '?type=campaign-image')).json()) as {
      id: string
      sha256: string
    }
    const second = (await (await upload(bytes, '?type=campaign-image')).json()) as { id: string }
    const page = (await (
      await t.app.request('/api/assets?type=campaign-image&limit=1', { headers: admin })
    ).json()) as {
      items: { id: string }[]
      nextCursor: string
    }
    expect(page.items.map((i) => i.id)).toEqual([second.id])
    const next = (await (
      await t.app.request(`/api/assets?type=campaign-image&limit=1&cursor=${page.nextCursor}`, {
        headers: admin,
      })
    ).json()) as { items: { id: string }[] }
    expect(next.items.map((i) => i.id)).toEqual([first.id])
    expect((await t.app.request(`/api/assets/${first.id}`, { headers: admin })).status).toBe(200)
    expect((await t.app.request('/api/assets?type=nope', { headers: admin })).status).toBe(400)

    expect(
      (await t.app.request(`/api/assets/${first.id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(204)
    expect(await t.platform.blobs.has(`assets/${first.sha256}`)).toBe(true)
    expect((await t.app.request(`/a/${first.sha256}.png`)).status).toBe(200)
    expect(
      (await t.app.request(`/api/assets/${second.id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(204)
    expect(await t.platform.blobs.has(`assets/${first.sha256}`)).toBe(false)
    expect((await t.app.request(`/a/${first.sha256}.png`)).status).toBe(404)
    expect((await t.app.request(`/api/assets/${first.id}`, { headers: admin })).status).toBe(404)
    expect(await t.repos.audit.forTarget('asset', second.id)).toEqual(
      expect.arrayContaining([expect.objectContaining({ action: 'asset.deleted' })]),
    )
    // Only the uploader or staff may delete: a public asset others see answers 403, a private one 404.
    const avatar = (await (await upload(bytes, '?type=avatar', bearer('client'))).json()) as { id: string }
    const denied = await t.app.request(`/api/assets/${avatar.id}`, {
      method: 'DELETE',
      headers: bearer('influencer'),
    })
    expect(denied.status).toBe(403)
    const brief = (await (await upload(await pdf(1), '?type=briefing', bearer('client'))).json()) as {
      id: string
    }
    const hidden = await t.app.request(`/api/assets/${brief.id}`, {
      method: 'DELETE',
      headers: bearer('influencer'),
    })
    expect(hidden.status).toBe(404)
    expect(
      (await t.app.request(`/api/assets/${brief.id}`, { method: 'DELETE', headers: bearer('client') }))
        .status,
    ).toBe(204)
  })

  it('applies an app override from the database: a smaller limit for product photos in the dashboard', async () => {
    const set = await t.app.request('/api/assets/rules/dashboard/product-photo', {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ maxBytes: 100 }),
    })
    expect(set.status).toBe(200)
    const res = await upload(await png(50, 50), '?type=product-photo')
    expect(res.status).toBe(413)
    const svgAllowed = await t.app.request('/api/assets/rules/dashboard/product-photo', {
      method: 'PUT',
      headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ formats: ['svg'] }),
    })
    expect(svgAllowed.status).toBe(400)
    await t.repos.assets.deleteRule('dashboard', 'product-photo')
    expect((await upload(await png(50, 50), '?type=product-photo')).status).toBe(201)
  })
})

describe('upload rate limit', () => {
  it('answers 429 RATE_LIMITED with Retry-After past GLAM_ASSET_UPLOADS_PER_MINUTE, for plain and tus uploads', async () => {
    const t = await createTestAppWithDatabase({ env: { GLAM_ASSET_UPLOADS_PER_MINUTE: '2' } })
    const raw = async () =>
      t.app.request('/api/assets?type=avatar', {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/octet-stream' },
        body: (await png(8, 8)) as BodyInit,
      })
    expect((await raw()).status).toBe(201)
    expect((await raw()).status).toBe(201)
    const limited = await raw()
    expect(limited.status).toBe(429)
    expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
    expect(await limited.json()).toMatchObject({
      error: { code: 'RATE_LIMITED', details: { policy: 'asset-uploads' } },
    })
    const tus = await t.app.request('/api/assets/tus', {
      method: 'POST',
      headers: {
        ...admin,
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `type ${btoa('feed')}`,
      },
    })
    expect(tus.status).toBe(429)
  })
})
