/**
 * Writing a body into an upload under its lease, and finishing it at the last byte. A body cut
 * off mid-way (the client went away) keeps the bytes that arrived: they are a valid prefix,
 * recorded as a chunk, and the client's HEAD resumes after them. A body that would run past
 * Upload-Length is refused whole (413), the offset unchanged.
 */
import { GlamError } from '@glam/core'
import { createLease, type Lease } from './lease.ts'
import { headerInt, OFFSET_STREAM } from './protocol.ts'
import type { Settings } from './settings.ts'
import type { C, TusHooks, TusUploadMeta } from './types.ts'
import { assembled, chunkKey, deleteUnder, infoKey, type TusInfo, uploadPrefix } from './uploads.ts'

const tooLong = (info: TusInfo) =>
  new GlamError('PAYLOAD_TOO_LARGE', `The body runs past Upload-Length (${info.length} bytes).`)

/** A declared Content-Length that cannot fit is refused before a byte is read. */
export function assertFits(c: C, info: TusInfo) {
  const declared = headerInt(c, 'Content-Length')
  if (declared !== undefined && declared > info.length - info.offset) throw tooLong(info)
}

/** The request body, counted as it streams; a cut-off body ends where it broke, keeping what arrived. */
function countedBody(source: ReadableStream<Uint8Array>, room: number, onBytes: () => void) {
  const reader = source.getReader()
  const counter = { bytes: 0, overflow: false, interrupted: false }
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let read: ReadableStreamReadResult<Uint8Array>
      try {
        read = await reader.read()
      } catch {
        counter.interrupted = true
        return controller.close()
      }
      if (read.done) return controller.close()
      counter.bytes += read.value.byteLength
      // The rest of the body is left to the server, as the JSON body limit does.
      if (counter.bytes > room) {
        counter.overflow = true
        return controller.error(new GlamError('PAYLOAD_TOO_LARGE'))
      }
      onBytes()
      controller.enqueue(read.value)
    },
    cancel: (reason) => reader.cancel(reason),
  })
  return { stream, counter }
}

/** Stores the body as the chunk at the current offset; answers the info with it counted (not yet saved). */
async function appendBody(
  c: C,
  s: Settings,
  info: TusInfo,
  body: ReadableStream<Uint8Array> | null,
  lease: Lease,
) {
  if (!body) return info
  const { blobs } = c.var.platform
  const key = chunkKey(s.prefix, info.id, info.offset)
  const { stream, counter } = countedBody(body, info.length - info.offset, lease.touch)
  try {
    await blobs.put(key, stream, { contentType: OFFSET_STREAM })
  } catch (error) {
    await blobs.delete(key)
    throw counter.overflow ? tooLong(info) : error
  }
  if (counter.interrupted)
    c.var.log.info('tus.body_interrupted', { upload: info.id, offset: info.offset, kept: counter.bytes })
  if (counter.bytes === 0) {
    await blobs.delete(key)
    return info
  }
  const chunks = [...info.chunks, { offset: info.offset, size: counter.bytes }]
  return { ...info, offset: info.offset + counter.bytes, chunks }
}

/** The last byte is in: `complete` makes the asset; the receipt is kept, the chunks go. */
async function finish(c: C, s: Settings, hooks: TusHooks, info: TusInfo, lease: Lease) {
  const { blobs } = c.var.platform
  const meta: TusUploadMeta = {
    type: info.type,
    length: info.length,
    ...(info.name !== undefined && { name: info.name }),
  }
  let asset: { id: string; url: string }
  try {
    asset = await hooks.complete(c, { ...meta, stream: assembled(c, s, info, lease.touch) })
  } catch (error) {
    await lease.end()
    await deleteUnder(blobs, uploadPrefix(s.prefix, info.id))
    throw error
  }
  const done: TusInfo = { ...info, chunks: [], asset: { id: asset.id, url: asset.url } }
  // The receipt first: a crash before the chunks are gone leaves garbage for the purge, not a lost asset.
  await lease.release(done)
  await deleteUnder(blobs, uploadPrefix(s.prefix, info.id), (key) => key === infoKey(s.prefix, info.id))
  c.var.log.info('tus.completed', { upload: info.id, length: info.length, asset: asset.id })
  return done
}

/** Appends the body under a taken lease, then releases it or finishes the upload. */
export async function appendUnderLease(
  c: C,
  s: Settings,
  hooks: TusHooks,
  info: TusInfo,
  body: ReadableStream<Uint8Array> | null,
) {
  const lease = createLease(c, s, info)
  await lease.take()
  let next: TusInfo
  try {
    next = await appendBody(c, s, info, body, lease)
  } catch (error) {
    // The request's own error answers; a lease that cannot be dropped runs out in a minute.
    await lease
      .release(info)
      .catch((failure) => c.var.log.warn('tus.lease_release_failed', { upload: info.id, error: failure }))
    throw error
  }
  if (next.offset < next.length) {
    await lease.release(next)
    return next
  }
  return finish(c, s, hooks, next, lease)
}
