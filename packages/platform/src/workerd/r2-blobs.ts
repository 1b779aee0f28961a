import type { BlobStore } from '@glam/core'

/** The part of an R2 bucket binding this adapter uses. */
export interface R2BucketLike {
  put(key: string, value: Uint8Array, options?: { httpMetadata?: { contentType?: string } }): Promise<unknown>
  get(key: string): Promise<{
    key: string
    size: number
    httpMetadata?: { contentType?: string }
    body: ReadableStream<Uint8Array>
  } | null>
  head(key: string): Promise<unknown | null>
  delete(key: string): Promise<void>
}

export function createR2BlobStore(bucket: R2BucketLike): BlobStore {
  return {
    adapter: 'r2',
    async put(key, data, meta) {
      await bucket.put(key, data, {
        httpMetadata: { contentType: meta?.contentType ?? 'application/octet-stream' },
      })
    },
    async get(key) {
      const obj = await bucket.get(key)
      if (!obj) return null
      return {
        key: obj.key,
        size: obj.size,
        contentType: obj.httpMetadata?.contentType ?? 'application/octet-stream',
        body: obj.body,
      }
    },
    async has(key) {
      return (await bucket.head(key)) !== null
    },
    delete: (key) => bucket.delete(key),
    async health() {
      await bucket.head('glam/health')
      return { status: 'ok' }
    },
  }
}
