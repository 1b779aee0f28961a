/**
 * Blobs in memory: lost on restart. For tests, development, and the edge without an R2 binding.
 * Web APIs only. Each blob is a private copy, swapped in whole by a put, so readers of the old
 * version keep reading it.
 */
import type { BlobMeta, BlobObject, BlobStore } from '@glam/core'
import { assertBlobKey, assertBlobPrefix, compareKeys } from './keys.ts'
import {
  assertRange,
  bytesStream,
  checkPut,
  cursorOf,
  listLimitOf,
  readAll,
  resolveRange,
  sha256Hex,
} from './shared.ts'

interface Stored {
  meta: BlobMeta
  data: Uint8Array
}

const metaOf = (item: Stored): BlobMeta => ({ ...item.meta, uploadedAt: new Date(item.meta.uploadedAt!) })

export function createMemoryBlobStore(): BlobStore {
  const items = new Map<string, Stored>()
  let bytes = 0

  return {
    adapter: 'memory',

    async put(key, data, meta) {
      const contentType = checkPut(key, data, meta)
      // A copy: the caller may reuse its buffer after the put.
      const copy = data instanceof Uint8Array ? new Uint8Array(data) : await readAll(data)
      const item: Stored = {
        data: copy,
        meta: {
          key,
          size: copy.byteLength,
          contentType,
          etag: await sha256Hex(copy),
          uploadedAt: new Date(),
        },
      }
      bytes += copy.byteLength - (items.get(key)?.data.byteLength ?? 0)
      items.set(key, item)
      return metaOf(item)
    },

    async get(key, options) {
      assertBlobKey(key)
      const range = assertRange(options?.range)
      const item = items.get(key)
      if (!item) return null
      if (!range) return { ...metaOf(item), body: bytesStream(item.data) }
      const { offset, length } = resolveRange(range, item.data.byteLength)
      const object: BlobObject = {
        ...metaOf(item),
        range: { offset, length },
        body: bytesStream(item.data.subarray(offset, offset + length)),
      }
      return object
    },

    async head(key) {
      assertBlobKey(key)
      const item = items.get(key)
      return item ? metaOf(item) : null
    },

    async has(key) {
      assertBlobKey(key)
      return items.has(key)
    },

    async list(options) {
      const prefix = assertBlobPrefix(options?.prefix)
      const limit = listLimitOf(options?.limit)
      const after = cursorOf(options?.cursor)
      const keys = [...items.keys()]
        .filter((k) => k.startsWith(prefix) && (after === undefined || compareKeys(k, after) > 0))
        .sort(compareKeys)
      const page = keys.slice(0, limit)
      return {
        items: page.map((k) => metaOf(items.get(k)!)),
        cursor: keys.length > limit ? page[page.length - 1]! : null,
      }
    },

    async delete(key) {
      assertBlobKey(key)
      bytes -= items.get(key)?.data.byteLength ?? 0
      items.delete(key)
    },

    async move(from, to) {
      assertBlobKey(from)
      assertBlobKey(to)
      const item = items.get(from)
      if (!item) return null
      if (from === to) return metaOf(item)
      bytes -= items.get(to)?.data.byteLength ?? 0
      items.delete(from)
      const moved = { ...item, meta: { ...item.meta, key: to } }
      items.set(to, moved)
      return metaOf(moved)
    },

    async health() {
      return { status: 'ok', detail: 'in memory, lost on restart', objects: items.size, bytes }
    },
  }
}
