// HTTP suite of image variants, run on Node, workerd and Deno by the conformance harness. Node
// computes variants itself (sharp); the edge runtimes hand a miss to the Node server beside them
// (their GLAM_IMAGES_ORIGIN), so each case uploads its bytes to both: content addressing gives
// them one hash. Every case makes its own image (a stamp colours it), so each variant is new.
import { createHash } from 'node:crypto'
import { expectError } from '@glam/testing/expect-error'
import { allRuntimes, defineHttpSuite, type HttpTarget } from '@glam/testing/suite'
import sharp from 'sharp'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }
const webp = { accept: 'image/webp,image/*,*/*;q=0.8' }
const avif = { accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8' }

let made = 0
const stamp = (t: HttpTarget) => `${t.runtime}-${Date.now().toString(36)}-${(made++).toString(36)}`

/** A 900×600 JPEG coloured from the stamp (sharp runs in the test process, not in the runtime). */
async function photo(text: string): Promise<Uint8Array> {
  const d = createHash('sha256').update(text).digest()
  const noise = { type: 'gaussian' as const, mean: d[0]!, sigma: 30 }
  return new Uint8Array(
    await sharp({
      create: { width: 900, height: 600, channels: 3, background: { r: d[1]!, g: d[2]!, b: d[3]! }, noise },
    })
      .jpeg()
      .toBuffer(),
  )
}

/** Uploads a public campaign image where the variant is asked for, and to its container. */
async function uploaded(t: HttpTarget): Promise<string> {
  const bytes = await photo(stamp(t))
  let sha256 = ''
  for (const target of [t, t.container].filter((x): x is HttpTarget => x !== undefined)) {
    const res = await target.fetch('/api/assets?type=campaign-image&name=look.jpg', {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      body: bytes as BodyInit,
    })
    expect(res.status).toBe(201)
    sha256 = ((await res.json()) as { sha256: string }).sha256
  }
  return sha256
}

const sizeOf = async (res: Response) => {
  const meta = await sharp(new Uint8Array(await res.arrayBuffer())).metadata()
  return { format: meta.format, width: meta.width, height: meta.height }
}

export const imagesSuite = defineHttpSuite({
  name: 'images',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /i/<sha256>?p=card answers a 480 px WebP, immutable, Vary: Accept; then from a cache, and 304 by ETag',
      async run(t) {
        const sha256 = await uploaded(t)
        const first = await t.fetch(`/i/${sha256}?p=card`, { headers: webp })
        expect(first.status).toBe(200)
        expect(first.headers.get('content-type')).toBe('image/webp')
        expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
        expect(first.headers.get('vary')).toBe('Accept')
        expect(first.headers.get('x-variant-cache')).toBe(t.runtime === 'node' ? 'miss' : 'origin')
        const etag = first.headers.get('etag')!
        expect(etag).toMatch(/^"[^"]+"$/)
        expect(await sizeOf(first)).toEqual({ format: 'webp', width: 480, height: 320 })

        // From memory where the runtime holds it; from the Cache API in a Workers isolate, once the
        // background put has landed (until then from R2, or the container again).
        let again = await t.fetch(`/i/${sha256}?p=card`, { headers: webp })
        for (
          let i = 0;
          t.runtime === 'workerd' && again.headers.get('x-variant-cache') !== 'edge' && i < 20;
          i++
        ) {
          expect(['store', 'origin']).toContain(again.headers.get('x-variant-cache'))
          await new Promise((resolve) => setTimeout(resolve, 50))
          again = await t.fetch(`/i/${sha256}?p=card`, { headers: webp })
        }
        expect(again.status).toBe(200)
        expect(again.headers.get('x-variant-cache')).toBe(t.runtime === 'workerd' ? 'edge' : 'memory')
        expect(again.headers.get('etag')).toBe(etag)
        expect(await sizeOf(again)).toEqual({ format: 'webp', width: 480, height: 320 })

        const head = await t.fetch(`/i/${sha256}?p=card`, { method: 'HEAD', headers: webp })
        expect(head.status).toBe(200)
        expect(Number(head.headers.get('content-length'))).toBeGreaterThan(0)
        const notModified = await t.fetch(`/i/${sha256}?p=card`, {
          headers: { ...webp, 'if-none-match': etag },
        })
        expect(notModified.status).toBe(304)
      },
    },
    {
      name: 'format=auto follows Accept: AVIF, then WebP, else JPEG; og is cropped to 1200×630 without upscaling',
      async run(t) {
        const sha256 = await uploaded(t)
        const a = await t.fetch(`/i/${sha256}?p=thumb`, { headers: avif })
        expect(a.headers.get('content-type')).toBe('image/avif')
        expect(await sizeOf(a)).toMatchObject({ width: 160, height: 107 })
        const plain = await t.fetch(`/i/${sha256}?p=thumb`, { headers: { accept: '*/*' } })
        expect(plain.headers.get('content-type')).toBe('image/jpeg')
        expect(a.headers.get('etag')).not.toBe(plain.headers.get('etag'))
        // A 900×600 source is smaller than og's 1200×630: cover without enlargement keeps it.
        const og = await t.fetch(`/i/${sha256}?p=og`, { headers: { accept: 'image/jpeg' } })
        expect(og.status).toBe(200)
        expect(await sizeOf(og)).toMatchObject({ format: 'jpeg' })
      },
    },
    {
      name: 'free parameters need a signature; unknown presets, tampered signatures and unknown hashes are refused',
      async run(t) {
        const sha256 = await uploaded(t)
        await expectError(await t.fetch(`/i/${sha256}?w=5000`), 400, 'UNSIGNED_VARIANT')
        await expectError(await t.fetch(`/i/${sha256}?p=card&format=png`), 400, 'UNSIGNED_VARIANT')
        await expectError(await t.fetch(`/i/${sha256}?p=giant`), 400, 'INVALID_VARIANT')
        await expectError(await t.fetch(`/i/${sha256}`), 400, 'INVALID_VARIANT')
        await expectError(
          await t.fetch(`/i/${sha256}?w=480&sig=${'A'.repeat(43)}`),
          403,
          'INVALID_VARIANT_SIGNATURE',
        )
        await expectError(await t.fetch(`/i/${'0'.repeat(64)}?p=card`), 404, 'NOT_FOUND')
        await expectError(await t.fetch('/i/not-a-hash?p=card'), 404, 'NOT_FOUND')
      },
    },
  ],
})
