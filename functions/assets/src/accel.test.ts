// Originals behind a real nginx (Debian's) with GLAM_ASSETS_ACCEL=nginx: the Node server decides
// every request and answers with X-Accel-Redirect, nginx sends the raw copy. The nginx block is
// the README's ("Assets behind nginx"), only its port, upstream and directory swapped, so the
// documented config is the tested one. The client must see what Glam alone would send.

import { createHash } from 'node:crypto'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { RunningServer } from '@glam/platform/node'
import { startNodeServer } from '@glam/platform/node'
import { hasNginx, type RunningNginx, readmeNginxConfig, startNginx } from '@glam/testing/nginx'
import { testConfig } from '@glam/testing/platform'
import { requireTool } from '@glam/testing/strict'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feed } from './feed.fixture.ts'

const MB = 1000 * 1000
const admin = { authorization: 'Bearer glam_dev_admin' }
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

const available = requireTool(hasNginx(), 'nginx (Debian package nginx)')

describe.skipIf(!available)('originals through nginx with X-Accel-Redirect', () => {
  let glam: RunningServer
  let nginx: RunningNginx
  let accelDir: string
  let image: Uint8Array
  let imageSha: string

  beforeAll(async () => {
    accelDir = mkdtempSync(join(tmpdir(), 'glam-accel-'))
    glam = await startNodeServer(
      testConfig({
        PORT: '0',
        GLAM_EVENTS: 'memory',
        GLAM_SCHEDULER: 'false',
        GLAM_ASSETS_ACCEL: 'nginx',
        GLAM_ASSETS_ACCEL_DIR: accelDir,
      }),
    )
    nginx = await startNginx({
      http: ({ port }) => readmeNginxConfig({ port, glamPort: glam.port, accelDir }),
    })
    image = new Uint8Array(
      await sharp({ create: { width: 320, height: 200, channels: 3, background: '#e91e63' } })
        .png({ compressionLevel: 0 })
        .toBuffer(),
    )
    imageSha = sha(image)
  })
  afterAll(async () => {
    await nginx?.stop()
    await glam?.shutdown('test')
    if (accelDir) rmSync(accelDir, { recursive: true, force: true })
  })

  const through = (path: string, init?: RequestInit) => fetch(`${nginx.url}${path}`, init)
  const copyOf = (hash: string) => join(accelDir, hash.slice(0, 2), hash)

  it('uploads through nginx and delivers the original from the raw copy with Glam headers', async () => {
    const form = new FormData()
    form.append('type', 'product-photo')
    form.append('name', 'Lipstick.png')
    form.append('file', new Blob([image as BlobPart], { type: 'image/png' }), 'Lipstick.png')
    const uploaded = await through('/api/assets', { method: 'POST', headers: admin, body: form })
    expect(uploaded.status).toBe(201)
    expect(await uploaded.json()).toMatchObject({ sha256: imageSha, size: image.byteLength })
    expect(existsSync(copyOf(imageSha))).toBe(false)

    // Glam's own answer: no body, and Content-Length 0 rather than chunked, so that nginx can
    // keep its upstream connection (it never reads a redirected chunked body to its end).
    const decision = await fetch(`${glam.url.replace('localhost', '127.0.0.1')}/a/${imageSha}.png`)
    expect(decision.status).toBe(200)
    expect(decision.headers.get('x-accel-redirect')).toBe(`/_glam_accel/${imageSha.slice(0, 2)}/${imageSha}`)
    expect(decision.headers.get('content-length')).toBe('0')
    expect(decision.headers.get('transfer-encoding')).toBeNull()
    expect((await decision.arrayBuffer()).byteLength).toBe(0)

    const res = await through(`/a/${imageSha}.png`)
    expect(res.status).toBe(200)
    // Hashes, not toEqual: comparing 200 KB element by element takes the test seconds.
    expect(sha(new Uint8Array(await res.arrayBuffer()))).toBe(imageSha)
    expect(res.headers.get('server')).toMatch(/^nginx/)
    expect(res.headers.get('x-accel-redirect')).toBeNull()
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'image/png',
      'content-length': String(image.byteLength),
      'cache-control': 'public, max-age=31536000, immutable',
      etag: `"${imageSha}"`,
      'accept-ranges': 'bytes',
      'content-disposition': `inline; filename="Lipstick.png"; filename*=UTF-8''Lipstick.png`,
      'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      'cross-origin-resource-policy': 'cross-origin',
      'x-content-type-options': 'nosniff',
    })
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('vary')).toBeNull()
    // The raw copy nginx served: the same bytes, under <dir>/<ab>/<sha256>.
    expect(sha(readFileSync(copyOf(imageSha)))).toBe(imageSha)
  })

  it('delivers image variants: the first through Glam, the next from the copy nginx finds itself', async () => {
    const webp = { accept: 'image/webp,*/*' }
    const key = `variants/${imageSha}/160x_-inside-q80-s.webp`
    const copy = createHash('sha256').update(key).digest('hex')
    const placed = join(accelDir, 'i', imageSha, 'thumb.webp')
    const first = await through(`/i/${imageSha}?p=thumb`, { headers: webp })
    expect(first.status).toBe(200)
    expect(first.headers.get('x-variant-cache')).toBe('miss')
    const bytes = new Uint8Array(await first.arrayBuffer())
    expect((await sharp(bytes).metadata()).width).toBe(160)
    // Glam answered with X-Accel-Redirect to the variant's raw copy, and placed the preset's.
    expect(sha(readFileSync(copyOf(copy)))).toBe(sha(bytes))
    expect(sha(readFileSync(placed))).toBe(sha(bytes))

    const again = await through(`/i/${imageSha}?p=thumb`, { headers: webp })
    expect(again.status).toBe(200)
    expect(Object.fromEntries(again.headers)).toMatchObject({
      server: expect.stringMatching(/^nginx/),
      'content-type': 'image/webp',
      'content-length': String(bytes.byteLength),
      'cache-control': 'public, max-age=31536000, immutable',
      vary: 'Accept',
      'x-variant-cache': 'nginx',
      'x-content-type-options': 'nosniff',
      'cross-origin-resource-policy': 'cross-origin',
    })
    expect(sha(new Uint8Array(await again.arrayBuffer()))).toBe(sha(bytes))
    const etag = again.headers.get('etag')!
    expect(
      (await through(`/i/${imageSha}?p=thumb`, { headers: { ...webp, 'if-none-match': etag } })).status,
    ).toBe(304)

    // Each format is its own copy: a PNG source falls back to PNG, AVIF is its own, q=0 refuses it.
    const plain = await through(`/i/${imageSha}?p=thumb`, { headers: { accept: 'image/jpeg' } })
    expect([plain.headers.get('content-type'), plain.headers.get('x-variant-cache')]).toEqual([
      'image/png',
      'miss',
    ])
    const plainAgain = await through(`/i/${imageSha}?p=thumb`, { headers: { accept: 'image/jpeg' } })
    expect([plainAgain.headers.get('content-type'), plainAgain.headers.get('x-variant-cache')]).toEqual([
      'image/png',
      'nginx',
    ])
    const noAvif = await through(`/i/${imageSha}?p=thumb`, {
      headers: { accept: 'image/avif;q=0, image/webp' },
    })
    expect([noAvif.headers.get('content-type'), noAvif.headers.get('x-variant-cache')]).toEqual([
      'image/webp',
      'nginx',
    ])
    const avif = await through(`/i/${imageSha}?p=thumb`, { headers: { accept: 'image/avif,image/webp' } })
    expect([avif.headers.get('content-type'), avif.headers.get('x-variant-cache')]).toEqual([
      'image/avif',
      'miss',
    ])
    // nginx's maps read Accept as Glam does: q=0 after other parameters or spaced, a negative q,
    // another type that starts alike, upper case.
    for (const [accept, type] of [
      ['image/avif;level=1;q=0, image/webp', 'image/webp'],
      ['image/avif; q = 0, image/webp', 'image/webp'],
      ['image/avif;q=-1, image/webp', 'image/webp'],
      ['image/avifx, image/webp', 'image/webp'],
      ['IMAGE/AVIF', 'image/avif'],
      ['image/avif;q=0.5, image/jpeg', 'image/avif'],
    ] as const) {
      const res = await through(`/i/${imageSha}?p=thumb`, { headers: { accept } })
      expect([accept, res.headers.get('content-type'), res.headers.get('x-variant-cache')]).toEqual([
        accept,
        type,
        'nginx',
      ])
    }

    // What nginx cannot decide goes to Glam: a refused query, another preset's first request.
    const refused = await through(`/i/${imageSha}?w=10`)
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNSIGNED_VARIANT')
    expect((await through(`/i/${imageSha}?p=thumb&p=card`, { headers: webp })).status).toBe(400)
    const card = await through(`/i/${imageSha}?p=card`, { headers: webp })
    expect(card.headers.get('x-variant-cache')).toBe('miss')
  })

  it('answers HEAD, ranges, If-Range and unsatisfiable ranges from nginx', async () => {
    const head = await through(`/a/${imageSha}.png`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-length')).toBe(String(image.byteLength))
    expect(head.headers.get('etag')).toBe(`"${imageSha}"`)
    expect(head.headers.get('content-type')).toBe('image/png')
    expect((await head.arrayBuffer()).byteLength).toBe(0)

    const size = image.byteLength
    for (const [range, start, end] of [
      ['bytes=10-19', 10, 19],
      ['bytes=-5', size - 5, size - 1],
      [`bytes=${size - 100}-`, size - 100, size - 1],
    ] as const) {
      const part = await through(`/a/${imageSha}.png`, { headers: { range } })
      expect(part.status, range).toBe(206)
      expect(part.headers.get('content-range'), range).toBe(`bytes ${start}-${end}/${size}`)
      expect(part.headers.get('content-length'), range).toBe(String(end - start + 1))
      expect(part.headers.get('etag'), range).toBe(`"${imageSha}"`)
      expect(new Uint8Array(await part.arrayBuffer()), range).toEqual(image.subarray(start, end + 1))
    }

    const ifRange = await through(`/a/${imageSha}.png`, {
      headers: { range: 'bytes=0-9', 'if-range': `"${imageSha}"` },
    })
    expect(ifRange.status).toBe(206)
    expect((await ifRange.arrayBuffer()).byteLength).toBe(10)
    const stale = await through(`/a/${imageSha}.png`, {
      headers: { range: 'bytes=0-9', 'if-range': `"${'0'.repeat(64)}"` },
    })
    expect(stale.status).toBe(200)
    expect((await stale.arrayBuffer()).byteLength).toBe(size)

    const unsatisfiable = await through(`/a/${imageSha}.png`, { headers: { range: `bytes=${size}-` } })
    expect(unsatisfiable.status).toBe(416)
    expect(unsatisfiable.headers.get('content-range')).toBe(`bytes */${size}`)
    await unsatisfiable.arrayBuffer()
  })

  it('answers If-None-Match with 304 from Glam, before any redirect', async () => {
    const res = await through(`/a/${imageSha}.png`, { headers: { 'if-none-match': `"${imageSha}"` } })
    expect(res.status).toBe(304)
    expect(res.headers.get('etag')).toBe(`"${imageSha}"`)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('x-accel-redirect')).toBeNull()
    expect((await res.arrayBuffer()).byteLength).toBe(0)
  })

  it('streams a 30 MB private feed with its signed URL (from the store first, then from its copy) and refuses it without, as Glam does', async () => {
    const file = feed(30 * MB)
    const fileSha = sha(file)
    const uploaded = await through('/api/assets?type=feed&name=products.csv', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'text/csv' },
      body: file as BodyInit,
    })
    expect(uploaded.status).toBe(201)
    const asset = (await uploaded.json()) as { sha256: string; url: string; visibility: string }
    expect(asset).toMatchObject({ sha256: fileSha, visibility: 'private' })
    const signed = new URL(asset.url)
    expect(signed.searchParams.get('sig')).toBeTruthy()

    const res = await through(`${signed.pathname}${signed.search}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-length')).toBe(String(file.length))
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(res.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/)
    expect(res.headers.get('vary')).toBe('Cookie, Authorization')
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect(res.headers.get('etag')).toBe(`"${fileSha}"`)
    const hash = createHash('sha256')
    let received = 0
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      hash.update(chunk)
      received += chunk.byteLength
    }
    expect(received).toBe(file.length)
    expect(hash.digest('hex')).toBe(fileSha)
    // A large file's first answer streamed from the store while its copy was made meanwhile.
    const deadline = Date.now() + 10_000
    while (!(existsSync(copyOf(fileSha)) && readFileSync(copyOf(fileSha)).length === file.length)) {
      if (Date.now() > deadline) throw new Error('the raw copy of the feed never appeared')
      await new Promise((r) => setTimeout(r, 50))
    }
    const again = await through(`${signed.pathname}${signed.search}`)
    expect(again.status).toBe(200)
    expect(
      createHash('sha256')
        .update(Buffer.from(await again.arrayBuffer()))
        .digest('hex'),
    ).toBe(fileSha)

    const middle = await through(`${signed.pathname}${signed.search}`, {
      headers: { range: 'bytes=20000000-20000099' },
    })
    expect(middle.status).toBe(206)
    expect(Buffer.from(await middle.arrayBuffer())).toEqual(file.subarray(20_000_000, 20_000_100))

    for (const denied of [
      signed.pathname,
      `${signed.pathname}?exp=${signed.searchParams.get('exp')}&sig=${'A'.repeat(43)}`,
      `/a/${'1'.repeat(64)}.csv`,
    ]) {
      const refused = await through(denied)
      expect(refused.status, denied).toBe(404)
      expect(refused.headers.get('content-type'), denied).toMatch(/^application\/json/)
      expect(await refused.json(), denied).toMatchObject({ error: { code: 'NOT_FOUND' } })
    }
  })

  it('deleting a source removes its placed variants at once: nginx asks Glam again, which answers 404', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 300, height: 300, channels: 3, background: '#4a148c' } })
        .jpeg()
        .toBuffer(),
    )
    const uploaded = await through('/api/assets?type=campaign-image&name=gone.jpg', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      body: bytes as BodyInit,
    })
    const { id, sha256 } = (await uploaded.json()) as { id: string; sha256: string }
    const webp = { accept: 'image/webp' }
    expect((await through(`/i/${sha256}?p=card`, { headers: webp })).headers.get('x-variant-cache')).toBe(
      'miss',
    )
    expect((await through(`/i/${sha256}?p=card`, { headers: webp })).headers.get('x-variant-cache')).toBe(
      'nginx',
    )
    expect((await through(`/api/assets/${id}`, { method: 'DELETE', headers: admin })).status).toBe(204)
    expect(existsSync(join(accelDir, 'i', sha256))).toBe(false)
    const gone = await through(`/i/${sha256}?p=card`, { headers: webp })
    expect(gone.status).toBe(404)
    expect(((await gone.json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND')
  })

  it('withdraws the placed copies when the last public record of shared bytes goes', async () => {
    const bytes = new Uint8Array(
      await sharp({ create: { width: 200, height: 200, channels: 3, background: '#00695c' } })
        .jpeg()
        .toBuffer(),
    )
    const put = async (type: string) => {
      const res = await through(`/api/assets?type=${type}&name=shared.jpg`, {
        method: 'POST',
        headers: { ...admin, 'content-type': 'application/octet-stream' },
        body: bytes as BodyInit,
      })
      return (await res.json()) as { id: string; sha256: string }
    }
    const pub = await put('campaign-image')
    await put('story-insight') // private, the same bytes
    const webp = { accept: 'image/webp' }
    await through(`/i/${pub.sha256}?p=thumb`, { headers: webp })
    expect(
      (await through(`/i/${pub.sha256}?p=thumb`, { headers: webp })).headers.get('x-variant-cache'),
    ).toBe('nginx')
    expect((await through(`/api/assets/${pub.id}`, { method: 'DELETE', headers: admin })).status).toBe(204)
    expect(existsSync(join(accelDir, 'i', pub.sha256))).toBe(false)
    expect((await through(`/i/${pub.sha256}?p=thumb`, { headers: webp })).status).toBe(404)
  })

  it('keeps the raw copies internal: asked for directly, nginx answers 404', async () => {
    expect(existsSync(copyOf(imageSha))).toBe(true)
    for (const path of [
      `/_glam_accel/${imageSha.slice(0, 2)}/${imageSha}`,
      `/_glam_accel/${imageSha.slice(0, 2)}/`,
      '/_glam_accel/',
    ]) {
      const res = await through(path)
      expect(res.status, path).toBe(404)
      const body = await res.text()
      expect(body, path).toContain('nginx')
      expect(body, path).not.toContain('PNG')
    }
  })
})
