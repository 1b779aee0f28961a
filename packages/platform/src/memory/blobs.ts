import type { BlobStore } from '@glam/core'

/** Blobs held in memory: lost on restart. For tests and the edge without an R2 binding. */
export function createMemoryBlobStore(): BlobStore {
  const items = new Map<string, { data: Uint8Array; contentType: string }>()
  return {
    adapter: 'memory',
    async put(key, data, meta) {
      items.set(key, { data: data.slice(), contentType: meta?.contentType ?? 'application/octet-stream' })
    },
    async get(key) {
      const item = items.get(key)
      if (!item) return null
      const body = new Blob([item.data as BlobPart]).stream()
      return { key, size: item.data.byteLength, contentType: item.contentType, body }
    },
    async has(key) {
      return items.has(key)
    },
    async delete(key) {
      items.delete(key)
    },
    async health() {
      return { status: 'ok', objects: items.size, detail: 'in memory, lost on restart' }
    },
  }
}
