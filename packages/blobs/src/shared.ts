/**
 * What the adapters share besides keys: argument checks (content types, ranges, list limits),
 * range arithmetic, and web-stream helpers. Web APIs only: this runs on Node, workerd and Deno.
 */
import type { BlobRange } from '@glam/core'
import { assertBlobKey } from './keys.ts'

export const defaultContentType = 'application/octet-stream'
export const defaultListLimit = 100
export const maxListLimit = 1000

/** A media type as a header carries it: printable ASCII, no CR/LF, at most 255 characters. */
export function contentTypeOf(meta: { contentType?: string } | undefined): string {
  const type = meta?.contentType
  if (type === undefined || type === '') return defaultContentType
  if (typeof type !== 'string' || type.length > 255 || !/^[\x20-\x7e]+$/.test(type) || !type.includes('/'))
    throw new TypeError(`Invalid blob content type ${JSON.stringify(type)}: expected e.g. "image/png"`)
  return type
}

/** The page size: default 100, integers from 1; more than 1,000 reads 1,000. */
export function listLimitOf(limit: number | undefined): number {
  if (limit === undefined) return defaultListLimit
  if (!Number.isInteger(limit) || limit < 1)
    throw new TypeError(`Invalid list limit ${limit}: expected an integer from 1 to ${maxListLimit}`)
  return Math.min(limit, maxListLimit)
}

export function cursorOf(cursor: string | undefined): string | undefined {
  if (cursor === undefined || cursor === null) return undefined
  if (typeof cursor !== 'string' || cursor === '')
    throw new TypeError('Invalid list cursor: pass back the `cursor` a previous page returned')
  return cursor
}

const isCount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n) && n >= 0

/** Checks a range's numbers (whole, not negative); a malformed range is a TypeError. */
export function assertRange(range: BlobRange | undefined): BlobRange | undefined {
  if (range === undefined) return undefined
  if (typeof range !== 'object' || range === null)
    throw new TypeError('Invalid blob range: expected an object')
  if ('suffix' in range) {
    if (!isCount(range.suffix)) throw new TypeError(`Invalid blob range suffix ${range.suffix}`)
    return range
  }
  if (!isCount(range.offset)) throw new TypeError(`Invalid blob range offset ${range.offset}`)
  if (range.length !== undefined && !isCount(range.length))
    throw new TypeError(`Invalid blob range length ${range.length}`)
  return range
}

/** The bytes a range covers in a blob of `size` bytes, clamped to it (past the end: none). */
export function resolveRange(range: BlobRange, size: number): { offset: number; length: number } {
  if ('suffix' in range) {
    const length = Math.min(range.suffix, size)
    return { offset: size - length, length }
  }
  const offset = Math.min(range.offset, size)
  const end = range.length === undefined ? size : Math.min(size, range.offset + range.length)
  return { offset, length: Math.max(0, end - offset) }
}

/** True when the range reads nothing whatever the size (so no backend needs asking for bytes). */
export const rangeIsEmpty = (range: BlobRange) =>
  'suffix' in range ? range.suffix === 0 : range.length === 0

export const emptyStream = (): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.close()
    },
  })

/** A stream over bytes already in memory, in chunks of at most 64 KiB (no copy). */
export function bytesStream(bytes: Uint8Array, chunkSize = 64 * 1024): ReadableStream<Uint8Array> {
  let at = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (at >= bytes.byteLength) {
          controller.close()
          return
        }
        controller.enqueue(bytes.subarray(at, at + chunkSize))
        at += chunkSize
      },
    },
    { highWaterMark: 0 },
  )
}

export function concatBytes(chunks: readonly Uint8Array[], total?: number): Uint8Array {
  if (chunks.length === 1 && chunks[0]) return chunks[0]
  const out = new Uint8Array(total ?? chunks.reduce((n, c) => n + c.byteLength, 0))
  let at = 0
  for (const chunk of chunks) {
    out.set(chunk, at)
    at += chunk.byteLength
  }
  return out
}

/** Every chunk must be bytes: a stream of strings or numbers is a caller's mistake, said clearly. */
export function asBytes(chunk: unknown): Uint8Array {
  // A plain Uint8Array, not a subclass: Node's Buffer#slice is a view, not a copy.
  if (chunk instanceof Uint8Array && chunk.constructor === Uint8Array) return chunk
  if (ArrayBuffer.isView(chunk)) return new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk)
  throw new TypeError(`A blob stream must carry Uint8Array chunks, got ${typeof chunk}`)
}

/** Reads a whole stream into memory, into a buffer of its own (the memory adapter; small bodies). */
export async function readAll(stream: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = []
  let total = 0
  for await (const chunk of iterate(stream)) {
    chunks.push(chunk)
    total += chunk.byteLength
  }
  return chunks.length === 1 ? new Uint8Array(chunks[0]!) : concatBytes(chunks, total)
}

/** A stream's chunks, as bytes; the reader is released (and the stream cancelled) if the loop stops early. */
export async function* iterate(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader()
  let done = false
  try {
    for (;;) {
      const next = await reader.read()
      if (next.done) {
        done = true
        return
      }
      yield asBytes(next.value)
    }
  } finally {
    if (!done) await reader.cancel().catch(() => {})
    reader.releaseLock()
  }
}

/**
 * Cuts a stream into parts of exactly `partSize` bytes, the last one shorter (S3 and R2
 * multipart uploads want equal parts; R2 insists). Holds at most one part in memory at a time,
 * plus the chunk being cut. Yields nothing for an empty stream.
 */
export async function* readParts(
  data: Uint8Array | ReadableStream<Uint8Array>,
  partSize: number,
): AsyncGenerator<Uint8Array> {
  if (data instanceof Uint8Array) {
    for (let at = 0; at < data.byteLength; at += partSize) yield data.subarray(at, at + partSize)
    return
  }
  let chunks: Uint8Array[] = []
  let held = 0
  for await (let chunk of iterate(data)) {
    while (held + chunk.byteLength >= partSize) {
      const take = partSize - held
      chunks.push(chunk.subarray(0, take))
      yield concatBytes(chunks, partSize)
      chunk = chunk.subarray(take)
      chunks = []
      held = 0
    }
    if (chunk.byteLength > 0) {
      // Copy: the producer may reuse its buffer once we asked for the next chunk.
      chunks.push(chunk.slice())
      held += chunk.byteLength
    }
  }
  if (held > 0) yield concatBytes(chunks, held)
}

/**
 * Reads parts ahead of their upload: `upload(part, n)` runs for at most `concurrency` parts at
 * once (n from 1), in order of reading; resolves with their results in part order, or rejects
 * with the first failure (after the others in flight have settled).
 */
export async function uploadParts<T>(
  parts: AsyncIterable<Uint8Array>,
  concurrency: number,
  upload: (part: Uint8Array, n: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = []
  const inflight = new Set<Promise<void>>()
  let failure: { error: unknown } | undefined
  let n = 0
  try {
    for await (const part of parts) {
      if (failure) break
      const number = ++n
      const task: Promise<void> = upload(part, number).then(
        (result) => {
          results[number - 1] = result
        },
        (error) => {
          failure ??= { error }
        },
      )
      const tracked = task.finally(() => inflight.delete(tracked))
      inflight.add(tracked)
      if (inflight.size >= concurrency) await Promise.race(inflight)
    }
  } catch (error) {
    // The caller's stream failed: its error wins over a part's.
    failure = { error }
  }
  await Promise.all(inflight)
  if (failure) throw failure.error
  return results
}

export const hex = (bytes: ArrayBuffer | Uint8Array) =>
  Array.from(bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('')

/** SHA-256 of bytes, as hex (WebCrypto: every runtime has it). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  return hex(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))
}

/** Hands a stream the caller gave us back to nobody: cancels it, so its producer stops. */
export function discard(data: Uint8Array | ReadableStream<Uint8Array>) {
  if (data instanceof ReadableStream && !data.locked) data.cancel().catch(() => {})
}

/** A put's key and content type, checked before any I/O; a refused stream is cancelled. */
export function checkPut(
  key: string,
  data: Uint8Array | ReadableStream<Uint8Array>,
  meta: { contentType?: string } | undefined,
): string {
  try {
    assertBlobKey(key)
    return contentTypeOf(meta)
  } catch (err) {
    discard(data)
    throw err
  }
}
