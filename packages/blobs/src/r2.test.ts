// The R2 adapter over Miniflare's R2 binding (workerd's own implementation, persisted to a temp
// directory so a restart is a new Miniflare over the same files), reached from Node through
// `mf.getR2Bucket`. workerd.test.ts runs the adapters inside a worker.

import { compatibilityDate } from '@glam/testing/runtimes'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blobStoreContract, chunked, digest, MiB, pattern, readBody } from './contract.ts'
import { createR2BlobStore, type R2BucketLike } from './r2.ts'
import { type MiniflareR2, startMiniflareR2 } from './r2-miniflare.ts'

blobStoreContract(
  'R2 (Miniflare)',
  async () => {
    const r2 = await startMiniflareR2({ compatibilityDate })
    return {
      store: createR2BlobStore(r2.bucket),
      restart: async () => createR2BlobStore(await r2.restart()),
      close: () => r2.stop(),
    }
  },
  { restarts: true },
)

describe('R2 adapter', () => {
  let r2: MiniflareR2
  let bucket: R2BucketLike
  /** The binding, with its multipart calls counted. */
  const spied = () => {
    const calls: string[] = []
    const spy: R2BucketLike = {
      head: (key) => bucket.head(key),
      get: (key, options) => bucket.get(key, options),
      put: (key, value, options) => {
        calls.push('put')
        return bucket.put(key, value, options)
      },
      delete: (keys) => bucket.delete(keys),
      list: (options) => bucket.list(options),
      createMultipartUpload: async (key, options) => {
        calls.push('create')
        const upload = await bucket.createMultipartUpload(key, options)
        return {
          uploadPart: (n, part) => {
            calls.push(`part ${n}: ${part.byteLength}`)
            return upload.uploadPart(n, part)
          },
          complete: (parts) => {
            calls.push('complete')
            return upload.complete(parts)
          },
          abort: () => {
            calls.push('abort')
            return upload.abort()
          },
        }
      },
    }
    return { calls, spy }
  }
  beforeAll(async () => {
    r2 = await startMiniflareR2({ compatibilityDate })
    bucket = r2.bucket
  })
  afterAll(async () => {
    await r2?.stop()
  })

  it('puts a stream longer than one part as a multipart upload of equal parts', async () => {
    const { calls, spy } = spied()
    const store = createR2BlobStore(spy, { partSize: 5 * MiB })
    const data = pattern(11 * MiB + 3, 1)
    const put = await store.put('multipart/x.bin', chunked(data, 100_000), { contentType: 'image/avif' })
    expect(put).toMatchObject({ size: 11 * MiB + 3, contentType: 'image/avif' })
    expect(calls).toEqual([
      'create',
      `part 1: ${5 * MiB}`,
      `part 2: ${5 * MiB}`,
      `part 3: ${MiB + 3}`,
      'complete',
    ])
    const got = await store.get('multipart/x.bin')
    expect(got).toMatchObject({ size: 11 * MiB + 3, contentType: 'image/avif', etag: put.etag })
    expect(digest(await readBody(got!.body))).toBe(digest(data))
  })

  it('puts a short stream, and bytes of any length, with one put', async () => {
    const { calls, spy } = spied()
    const store = createR2BlobStore(spy, { partSize: 5 * MiB })
    await store.put('single/stream', chunked(pattern(5 * MiB, 2), MiB))
    await store.put('single/bytes', pattern(6 * MiB, 3))
    expect(calls).toEqual(['put', 'put'])
    expect((await store.head('single/bytes'))!.size).toBe(6 * MiB)
  })

  it('aborts the multipart upload when the stream fails', async () => {
    const { calls, spy } = spied()
    const store = createR2BlobStore(spy, { partSize: 5 * MiB })
    await expect(
      store.put('multipart/failed', chunked(pattern(20 * MiB, 4), MiB, { failAfter: 12 })),
    ).rejects.toThrow('the producer failed')
    expect(calls.at(-1)).toBe('abort')
    expect(await store.has('multipart/failed')).toBe(false)
  })

  it('reports health, and refuses what is not a bucket', async () => {
    expect(await createR2BlobStore(bucket).health!()).toMatchObject({ status: 'ok' })
    expect(() => createR2BlobStore(undefined as unknown as R2BucketLike)).toThrow(TypeError)
    expect(() => createR2BlobStore(bucket, { partSize: MiB })).toThrow(TypeError)
  })
})
