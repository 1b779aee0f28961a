// HTTP suite of uploads and delivery, run on Node, workerd (R2 through Miniflare) and Deno by the
// conformance harness. Every case uploads its own bytes (a stamp makes them unique per run).
import { createHash } from 'node:crypto'
import { expectError } from '@glam/testing/expect-error'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import sharp from 'sharp'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const encoder = new TextEncoder()
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

let made = 0
const stamp = (t: HttpTarget) => `${t.runtime}-${Date.now().toString(36)}-${(made++).toString(36)}`

/** A small PNG, its colour from the stamp (sharp runs in the test process, not in the runtime). */
async function png(text: string): Promise<Uint8Array> {
  const digest = createHash('sha256').update(text).digest()
  const background = { r: digest[0]!, g: digest[1]!, b: digest[2]! }
  return new Uint8Array(
    await sharp({ create: { width: 3, height: 2, channels: 3, background } })
      .png()
      .toBuffer(),
  )
}

const dxf = (text: string) =>
  encoder.encode(
    `  0\nSECTION\n  2\nHEADER\n  9\n$ACADVER\n  1\nAC1015\n  0\nENDSEC\n  0\nSECTION\n  2\nENTITIES\n  0\nLINE\n  8\n${text}\n 10\n0.0\n 20\n0.0\n 11\n100.0\n 21\n50.0\n  0\nENDSEC\n  0\nEOF\n`,
  )

const rawUpload = (t: HttpTarget, query: string, body: Uint8Array, headers: Record<string, string> = admin) =>
  t.fetch(`/api/assets?${query}`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/octet-stream' },
    body: body as BodyInit,
  })

export const assetsSuite = defineHttpSuite({
  name: 'assets',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /a/glam-upload.js serves the upload widget as a module script',
      async run(t) {
        const res = await t.fetch('/a/glam-upload.js')
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
        expect(await res.text()).toContain('glam-upload')
      },
    },
    {
      name: 'POST /api/assets (multipart) stores an image by its hash; /a/<sha256>.png serves it immutable, with HEAD, 304 and ranges',
      async run(t) {
        const bytes = await png(stamp(t))
        const form = new FormData()
        form.append('type', 'campaign-image')
        form.append('file', new Blob([bytes as BlobPart], { type: 'image/png' }), 'hero.png')
        const res = await t.fetch('/api/assets', { method: 'POST', headers: admin, body: form })
        expect(res.status).toBe(201)
        const asset = (await res.json()) as Record<string, unknown>
        expect(asset).toMatchObject({
          sha256: sha(bytes),
          type: 'campaign-image',
          contentType: 'image/png',
          size: bytes.byteLength,
          width: 3,
          height: 2,
          name: 'hero.png',
        })
        const path = `/a/${sha(bytes)}.png`
        expect(new URL(asset.url as string).pathname).toBe(path)
        const got = await t.fetch(path)
        expect(got.status).toBe(200)
        expect(new Uint8Array(await got.arrayBuffer())).toEqual(bytes)
        expect(got.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        expect(got.headers.get('etag')).toBe(`"${sha(bytes)}"`)
        expect(got.headers.get('content-type')).toBe('image/png')
        const head = await t.fetch(path, { method: 'HEAD' })
        expect(head.status).toBe(200)
        expect(head.headers.get('content-length')).toBe(String(bytes.byteLength))
        expect((await t.fetch(path, { headers: { 'if-none-match': `"${sha(bytes)}"` } })).status).toBe(304)
        const part = await t.fetch(path, { headers: { range: 'bytes=0-7' } })
        expect(part.status).toBe(206)
        expect(new Uint8Array(await part.arrayBuffer())).toEqual(bytes.subarray(0, 8))
        expect((await t.fetch(path, { headers: { range: 'bytes=100000-' } })).status).toBe(416)
        expect((await t.fetch(`/a/${sha(bytes)}.jpg`)).status).toBe(404)
      },
    },
    {
      name: 'a private drawing is served with its signed URL only; without one it answers like an unknown hash',
      async run(t) {
        const bytes = dxf(stamp(t))
        const res = await rawUpload(t, 'type=b2b-drawing&name=bracket.dxf', bytes)
        expect(res.status).toBe(201)
        const asset = (await res.json()) as {
          id: string
          url: string
          visibility: string
          contentType: string
        }
        expect(asset).toMatchObject({ visibility: 'private', contentType: 'image/vnd.dxf' })
        const signed = new URL(asset.url)
        const ok = await t.fetch(`${signed.pathname}${signed.search}`)
        expect(ok.status).toBe(200)
        expect(new Uint8Array(await ok.arrayBuffer())).toEqual(bytes)
        expect(ok.headers.get('content-disposition')).toMatch(/^attachment/)
        await expectError(await t.fetch(signed.pathname), 404, 'NOT_FOUND')
        await expectError(await t.fetch(`/a/${'0'.repeat(64)}.dxf`), 404, 'NOT_FOUND')
        const one = (await (await t.fetch(`/api/assets/${asset.id}`, { headers: admin })).json()) as {
          url: string
        }
        expect(new URL(one.url).searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/)
      },
    },
    {
      name: 'bad uploads answer their codes: 415 for a PHP script named .jpg, 400 for an unknown type, 413 over the limit',
      async run(t) {
        const php = encoder.encode(`<?php system($_GET['c']); // ${stamp(t)}\n`)
        await expectError(await rawUpload(t, 'type=avatar&name=me.jpg', php), 415, 'UNSUPPORTED_MEDIA_TYPE')
        await expectError(await rawUpload(t, 'type=selfie', await png(stamp(t))), 400, 'UNKNOWN_ASSET_TYPE')
        const big = new Uint8Array(5_100_000)
        big.set(await png(stamp(t)))
        await expectError(await rawUpload(t, 'type=avatar', big), 413, 'PAYLOAD_TOO_LARGE')
      },
    },
    {
      name: 'a tus upload in two PATCHes becomes an asset; a PATCH at the wrong offset answers 409',
      async run(t) {
        const bytes = dxf(`${stamp(t)}-${'x'.repeat(2000)}`)
        const tus = { ...admin, 'tus-resumable': '1.0.0' }
        const created = await t.fetch('/api/assets/tus', {
          method: 'POST',
          headers: {
            ...tus,
            'upload-length': String(bytes.byteLength),
            'upload-metadata': `type ${btoa('b2b-drawing')},name ${btoa('part.dxf')}`,
          },
        })
        expect(created.status).toBe(201)
        const location = new URL(created.headers.get('location')!).pathname
        const patch = (offset: number, body: Uint8Array) =>
          t.fetch(location, {
            method: 'PATCH',
            headers: {
              ...tus,
              'content-type': 'application/offset+octet-stream',
              'upload-offset': String(offset),
            },
            body: body as BodyInit,
          })
        const half = 1000
        expect((await patch(0, bytes.subarray(0, half))).status).toBe(204)
        expect((await patch(5, bytes.subarray(half))).status).toBe(409)
        const done = await patch(half, bytes.subarray(half))
        expect(done.status).toBe(204)
        expect(done.headers.get('upload-offset')).toBe(String(bytes.byteLength))
        const id = done.headers.get('glam-asset-id')
        const asset = (await (await t.fetch(`/api/assets/${id}`, { headers: admin })).json()) as {
          sha256: string
        }
        expect(asset.sha256).toBe(sha(bytes))
      },
    },
  ],
})
