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
import { hasNginx, type RunningNginx, startNginx } from '@glam/testing/nginx'
import { testConfig } from '@glam/testing/platform'
import { repoRoot } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feed } from './feed.fixture.ts'

const MB = 1000 * 1000
const admin = { authorization: 'Bearer glam_dev_admin' }
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** The README's nginx block for this Glam, this port and this directory. */
function readmeConfig(port: number, glamPort: number, accelDir: string): string {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  const section = readme.slice(readme.indexOf('### Assets behind nginx'))
  const block = /```nginx\n([\s\S]*?)```/.exec(section)?.[1]
  if (!block) throw new Error('README.md has no nginx block under "Assets behind nginx"')
  const swaps: [string, string][] = [
    ['listen 80;', `listen 127.0.0.1:${port};`],
    ['server 127.0.0.1:3000;', `server 127.0.0.1:${glamPort};`],
    ['alias /var/lib/glam/accel/;', `alias ${accelDir}/;`],
  ]
  return swaps.reduce((conf, [from, to]) => {
    if (!conf.includes(from)) throw new Error(`the README's nginx block lost \`${from}\``)
    return conf.replace(from, to)
  }, block)
}

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
    nginx = await startNginx({ http: ({ port }) => readmeConfig(port, glam.port, accelDir) })
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

  it('delivers an image variant from its raw copy too, negotiated and checked by Glam', async () => {
    const webp = { accept: 'image/webp,*/*' }
    const key = `variants/${imageSha}/160x_-inside-q80-s.webp`
    const copy = createHash('sha256').update(key).digest('hex')
    const decision = await fetch(`${glam.url.replace('localhost', '127.0.0.1')}/i/${imageSha}?p=thumb`, {
      headers: webp,
    })
    expect(decision.status).toBe(200)
    expect(decision.headers.get('x-accel-redirect')).toBe(`/_glam_accel/${copy.slice(0, 2)}/${copy}`)
    expect(decision.headers.get('content-length')).toBe('0')
    expect(decision.headers.get('x-variant-cache')).toBe('miss')
    for (let i = 0; i < 2; i++) {
      const res = await through(`/i/${imageSha}?p=thumb`, { headers: webp })
      expect(res.status).toBe(200)
      expect(res.headers.get('server')).toMatch(/^nginx/)
      expect(Object.fromEntries(res.headers)).toMatchObject({
        'content-type': 'image/webp',
        'cache-control': 'public, max-age=31536000, immutable',
        vary: 'Accept',
        'x-variant-cache': 'memory',
        'x-content-type-options': 'nosniff',
      })
      const bytes = new Uint8Array(await res.arrayBuffer())
      expect((await sharp(bytes).metadata()).width).toBe(160)
      expect(sha(bytes)).toBe(sha(readFileSync(copyOf(copy))))
    }
    const jpeg = await through(`/i/${imageSha}?p=thumb`, { headers: { accept: 'image/jpeg' } })
    expect(jpeg.headers.get('content-type')).toBe('image/png')
    const refused = await through(`/i/${imageSha}?w=10`)
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNSIGNED_VARIANT')
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
