/**
 * An upload's blobs, under `uploads/tus/<id>/`: `info` (its state as JSON) and one blob per
 * PATCH, named by the offset it starts at in 16 digits (`0000000000000000`, `0000000001048576`,
 * …), so a listing yields them in order and before `info`. Read back as one stream, chunk by
 * chunk, each checked against the size `info` recorded for it.
 */
import type { BlobMeta, BlobStore } from '@glam/core'
import type { Settings } from './settings.ts'
import type { C } from './types.ts'

export const DEFAULT_PREFIX = 'uploads/tus'

export interface TusInfo {
  id: string
  length: number
  offset: number
  /** Upload-Metadata as the client sent it, echoed on HEAD. */
  metadata: string
  type: string
  name?: string
  createdAt: string
  expiresAt: string
  /** `kind:id` of the principal that created it; only it may touch the upload. */
  principal?: string
  chunks: { offset: number; size: number }[]
  lock?: { token: string; until: string }
  asset?: { id: string; url: string }
}

export const uploadPrefix = (prefix: string, id: string) => `${prefix}/${id}/`
export const infoKey = (prefix: string, id: string) => `${prefix}/${id}/info`
export const chunkKey = (prefix: string, id: string, offset: number) =>
  `${prefix}/${id}/${String(offset).padStart(16, '0')}`

export async function readInfo(blobs: BlobStore, key: string): Promise<TusInfo | null> {
  const object = await blobs.get(key)
  return object ? (JSON.parse(await new Response(object.body).text()) as TusInfo) : null
}

export const saveInfo = (blobs: BlobStore, prefix: string, info: TusInfo) =>
  blobs.put(infoKey(prefix, info.id), new TextEncoder().encode(JSON.stringify(info)), {
    contentType: 'application/json',
  })

/** Deletes every blob under `prefix` (in key order: chunks before `info`), but those `keep` names. */
export async function deleteUnder(blobs: BlobStore, prefix: string, keep?: (key: string) => boolean) {
  let cursor: string | null = null
  do {
    const page: { items: BlobMeta[]; cursor: string | null } = await blobs.list({
      prefix,
      limit: 1000,
      ...(cursor && { cursor }),
    })
    for (const item of page.items) if (!keep?.(item.key)) await blobs.delete(item.key)
    cursor = page.cursor
  } while (cursor)
}

async function openChunk(blobs: BlobStore, key: string, size: number) {
  const object = await blobs.get(key)
  if (object && object.size === size) return object.body.getReader()
  await object?.body.cancel()
  throw new Error(`tus chunk ${key} is missing or changed`)
}

/** The chunks as one stream, each read from the store only when the previous one is used up. */
export function assembled(c: C, s: Settings, info: TusInfo, onBytes: () => void): ReadableStream<Uint8Array> {
  const { blobs } = c.var.platform
  const chunks = [...info.chunks]
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      for (;;) {
        if (!reader) {
          const chunk = chunks.shift()
          if (!chunk) return controller.close()
          reader = await openChunk(blobs, chunkKey(s.prefix, info.id, chunk.offset), chunk.size)
        }
        const read = await reader.read()
        if (read.done) {
          reader = undefined
          continue
        }
        onBytes()
        return controller.enqueue(read.value)
      }
    },
    cancel: (reason) => reader?.cancel(reason),
  })
}
