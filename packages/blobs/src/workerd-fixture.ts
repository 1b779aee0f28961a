/**
 * A worker for `workerd.test.ts`: the R2 and S3 adapters as the edge runs them (bundled like
 * wrangler does, under Miniflare). `GET /?store=r2|s3` streams 11 MiB of unknown length in
 * (a multipart upload with 5 MiB parts), reads it back whole and as a suffix range, lists it,
 * and answers what it saw.
 */
import type { BlobStore } from '@glam/core'
import { createR2BlobStore, type R2BucketLike } from './r2.ts'
import { createS3BlobStore } from './s3.ts'
import { chunked, fixtureSize, pattern } from './test-bytes.ts'

const MiB = 1024 * 1024

const hex = (buffer: ArrayBuffer) =>
  [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('')

export default {
  async fetch(request: Request, env: { BLOBS: R2BucketLike; S3_ENDPOINT: string; S3_BUCKET: string }) {
    const which = new URL(request.url).searchParams.get('store')
    const store: BlobStore =
      which === 's3'
        ? createS3BlobStore({
            endpoint: env.S3_ENDPOINT,
            bucket: env.S3_BUCKET,
            accessKeyId: 'S3RVER',
            secretAccessKey: 'S3RVER',
            forcePathStyle: true,
            partSize: 5 * MiB,
          })
        : createR2BlobStore(env.BLOBS, { partSize: 5 * MiB })
    const key = `edge/${which}/big.bin`
    const put = await store.put(key, chunked(pattern(fixtureSize, 7), 64 * 1024), {
      contentType: 'application/x-edge',
    })
    const whole = await store.get(key)
    const sha256 = hex(await crypto.subtle.digest('SHA-256', await new Response(whole!.body).arrayBuffer()))
    const tail = await store.get(key, { range: { suffix: 5 } })
    const tailBytes = [...new Uint8Array(await new Response(tail!.body).arrayBuffer())]
    const listed = await store.list({ prefix: `edge/${which}/` })
    return Response.json({
      adapter: store.adapter,
      put: { size: put.size, contentType: put.contentType },
      sha256,
      tail: { range: tail!.range, bytes: tailBytes },
      listed: listed.items.map((i) => ({ key: i.key, size: i.size, contentType: i.contentType })),
      health: await store.health!(),
    })
  },
}
