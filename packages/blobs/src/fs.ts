/**
 * Blobs on the local filesystem (Node only), for containers with a volume and for development.
 *
 * Layout under `dir`:
 *
 *     objects/ab/cd/abcd…(64 hex)   one file per blob, named by sha256(key), sharded by its first 4 hex
 *     tmp/<uuid>.tmp                 puts in progress, renamed into objects/ when complete
 *
 * Each blob file is a 4 KiB header (`glam-blob 1\n` and a JSON line: key, size, contentType,
 * etag = sha256 of the content, uploadedAt; padded with spaces) followed by the content. One
 * file, not a content file and a sidecar: a put must switch content and metadata in one atomic
 * rename, or a reader (or a second writer) could pair one version's bytes with another's
 * metadata. The fixed-size header is written last (the hash and size are known only then), in
 * place at offset 0 of the temp file, which is fsynced, renamed over the old file, and the shard
 * directory fsynced. A reader opens the file once and reads header and content from that one
 * descriptor, so a rename during the read never mixes versions.
 *
 * Listing has no index: it walks the shards, reads each header and sorts the keys (byte order),
 * which survives restarts and concurrent writers (several processes on one volume) for free but
 * costs O(all blobs) per page: fine for thousands of blobs, not for millions (then an index).
 * Shard directories are never removed, so a rename never races an rmdir.
 */
import { createHash, type Hash, randomUUID } from 'node:crypto'
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs'
import { type FileHandle, mkdir, open, readdir, rename, rm, stat, statfs } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { Readable } from 'node:stream'
import type { BlobMeta, BlobObject, BlobStore, PortHealth } from '@glam/core'
import { assertBlobKey, assertBlobPrefix, compareKeys } from './keys.ts'
import {
  asBytes,
  assertRange,
  checkPut,
  cursorOf,
  discard,
  emptyStream,
  iterate,
  listLimitOf,
  resolveRange,
} from './shared.ts'

export interface FsBlobStoreOptions {
  /** The store's directory (created if missing). */
  dir: string
  /** Health is `degraded` below this much free space. Default 1 GiB. */
  minFreeBytes?: number
  /** Temp files older than this are left over from a crash and removed at start. Default 24 h. */
  staleTempMs?: number
}

/** Bytes before the content in every blob file. */
export const headerBytes = 4096
const magic = 'glam-blob 1\n'
const GiB = 1024 ** 3
/** A streamed put gathers chunks (a socket's are 16–64 KiB) into writes of up to this many bytes. */
const writeBatchBytes = 1024 * 1024
/** A streamed put syncs what it wrote every this many bytes, in the background. */
const earlySyncBytes = 16 * 1024 * 1024

interface Header {
  key: string
  size: number
  contentType: string
  etag: string
  uploadedAt: string
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

function encodeHeader(header: Header): Uint8Array {
  const bytes = encoder.encode(`${magic}${JSON.stringify(header)}\n`)
  // A key is ≤ 1 KiB (2 KiB escaped), a content type ≤ 255 characters: this cannot happen.
  if (bytes.byteLength > headerBytes) throw new Error(`blob header of ${bytes.byteLength} bytes does not fit`)
  const out = new Uint8Array(headerBytes).fill(0x20)
  out.set(bytes)
  return out
}

function decodeHeader(bytes: Uint8Array, file: string): Header {
  let text: string
  try {
    text = decoder.decode(bytes)
  } catch {
    throw new Error(`${file} is not a blob file (its header is not UTF-8)`)
  }
  if (!text.startsWith(magic)) throw new Error(`${file} is not a blob file (no "glam-blob 1" header)`)
  const header = JSON.parse(text.slice(magic.length).trimEnd()) as Header
  if (typeof header.key !== 'string' || !Number.isSafeInteger(header.size))
    throw new Error(`${file} has a malformed blob header`)
  return header
}

const metaOf = (h: Header): BlobMeta => ({
  key: h.key,
  size: h.size,
  contentType: h.contentType,
  etag: h.etag,
  uploadedAt: new Date(h.uploadedAt),
})

const isMissing = (err: unknown) => (err as NodeJS.ErrnoException | null)?.code === 'ENOENT'

async function writeAll(fh: FileHandle, bytes: Uint8Array, position: number) {
  let done = 0
  while (done < bytes.byteLength) {
    const { bytesWritten } = await fh.write(bytes, done, bytes.byteLength - done, position + done)
    done += bytesWritten
  }
}

/**
 * Writes a stream's bytes from `position` on, hashing them, and answers how many there were.
 * Chunks are gathered into writes of up to 1 MiB (one write per 64 KiB chunk costs more in round
 * trips to the thread pool than in bytes), one batch is written while the next fills (two
 * buffers, one write in flight), and every 16 MiB what was written is synced in the background
 * (fdatasync), so the put's own fsync at the end finds a little left to flush, not the whole
 * file. A failure of any of them fails the put.
 */
async function writeStream(
  fh: FileHandle,
  stream: ReadableStream<Uint8Array>,
  hash: Hash,
  position: number,
): Promise<number> {
  const batches: Uint8Array[] = []
  let filling = 0
  let held = 0
  let size = 0
  let synced = 0
  let writing: Promise<void> | undefined
  let syncing: Promise<void> | undefined
  let failure: { error: unknown } | undefined
  const failed = (error: unknown) => {
    failure ??= { error }
  }
  /** Waits for the write in flight (its buffer is free again); throws what failed so far. */
  const settle = async () => {
    await writing
    if (failure) throw failure.error
  }
  const syncSoon = () => {
    if (syncing || size - synced < earlySyncBytes) return
    synced = size
    syncing = Promise.resolve(writing)
      .then(() => fh.datasync())
      .then(() => {
        syncing = undefined
      }, failed)
  }
  const flush = async () => {
    if (held === 0) return
    await settle()
    writing = writeAll(fh, batches[filling]!.subarray(0, held), position + size - held).catch(failed)
    filling = 1 - filling
    held = 0
    syncSoon()
  }
  try {
    for await (const chunk of iterate(stream)) {
      const bytes = asBytes(chunk)
      hash.update(bytes)
      if (held + bytes.byteLength > writeBatchBytes) await flush()
      if (bytes.byteLength >= writeBatchBytes) {
        // Written before the next chunk is asked for: the producer may reuse its memory then.
        await settle()
        await writeAll(fh, bytes, position + size)
        size += bytes.byteLength
        syncSoon()
      } else {
        // Copied, for the same reason.
        batches[filling] ??= new Uint8Array(writeBatchBytes)
        batches[filling]!.set(bytes, held)
        held += bytes.byteLength
        size += bytes.byteLength
      }
    }
    await flush()
  } finally {
    await writing
    await syncing
  }
  if (failure) throw failure.error
  return size
}

async function readHeader(fh: FileHandle, file: string): Promise<Header> {
  const buffer = new Uint8Array(headerBytes)
  let got = 0
  while (got < headerBytes) {
    const { bytesRead } = await fh.read(buffer, got, headerBytes - got, got)
    if (bytesRead === 0) throw new Error(`${file} is truncated (shorter than its header)`)
    got += bytesRead
  }
  return decodeHeader(buffer, file)
}

/** A Node stream as a web stream, pulled (so backpressure holds) and destroyed on cancel. */
function webStream(node: Readable): ReadableStream<Uint8Array> {
  const chunks = node[Symbol.asyncIterator]()
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await chunks.next()
        if (next.done) controller.close()
        else {
          const b = next.value as Buffer
          controller.enqueue(new Uint8Array(b.buffer, b.byteOffset, b.byteLength))
        }
      },
      async cancel() {
        await chunks.return?.()
        node.destroy()
      },
    },
    { highWaterMark: 0 },
  )
}

/** fsync a directory, so a rename in it survives a power cut (a no-op where directories cannot be synced). */
async function syncDir(path: string) {
  let fh: FileHandle | undefined
  try {
    fh = await open(path, 'r')
    await fh.sync()
  } catch {
    // Windows and some filesystems refuse to sync a directory: the rename is still atomic.
  } finally {
    await fh?.close().catch(() => {})
  }
}

/** Runs `work` on every item, at most `concurrency` at a time. */
async function eachLimited<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await work(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
}

export function createFsBlobStore(options: FsBlobStoreOptions): BlobStore {
  if (!options?.dir || typeof options.dir !== 'string')
    throw new TypeError('createFsBlobStore: `dir` (the store directory) is required')
  const minFreeBytes = options.minFreeBytes ?? GiB
  const dir = resolve(options.dir)
  const objects = join(dir, 'objects')
  const tmp = join(dir, 'tmp')
  // At start: fail fast on a directory we cannot create, and sweep what a crash left in tmp/.
  mkdirSync(objects, { recursive: true })
  mkdirSync(tmp, { recursive: true })
  const staleBefore = Date.now() - (options.staleTempMs ?? 24 * 3600_000)
  for (const name of readdirSync(tmp)) {
    const path = join(tmp, name)
    try {
      if (statSync(path).mtimeMs < staleBefore) rmSync(path, { force: true })
    } catch {
      // Renamed or removed meanwhile by another process: not ours to worry about.
    }
  }

  const locate = (key: string) => {
    const name = createHash('sha256').update(key).digest('hex')
    const shard = join(objects, name.slice(0, 2), name.slice(2, 4))
    return { shard, file: join(shard, name) }
  }

  /** Opens the blob file of `key`, or null when it is missing. */
  async function openBlob(key: string): Promise<{ fh: FileHandle; header: Header; file: string } | null> {
    const { file } = locate(key)
    let fh: FileHandle
    try {
      fh = await open(file, 'r')
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
    try {
      const header = await readHeader(fh, file)
      if (header.key !== key)
        throw new Error(`${file} holds key ${JSON.stringify(header.key)}, not ${JSON.stringify(key)}`)
      const { size } = await fh.stat()
      if (size !== headerBytes + header.size)
        throw new Error(`${file} is ${size} bytes, its header says ${headerBytes} + ${header.size}`)
      return { fh, header, file }
    } catch (err) {
      await fh.close().catch(() => {})
      throw err
    }
  }

  async function readMeta(file: string): Promise<BlobMeta | null> {
    let fh: FileHandle
    try {
      fh = await open(file, 'r')
    } catch (err) {
      if (isMissing(err)) return null
      throw err
    }
    try {
      return metaOf(await readHeader(fh, file))
    } finally {
      await fh.close()
    }
  }

  /** Every blob file's path (a walk of the shards). */
  async function allFiles(): Promise<string[]> {
    const names = async (path: string) => {
      try {
        return await readdir(path)
      } catch (err) {
        if (isMissing(err)) return []
        throw err
      }
    }
    const files: string[] = []
    for (const a of await names(objects)) {
      if (!/^[0-9a-f]{2}$/.test(a)) continue
      for (const b of await names(join(objects, a))) {
        if (!/^[0-9a-f]{2}$/.test(b)) continue
        for (const f of await names(join(objects, a, b)))
          if (/^[0-9a-f]{64}$/.test(f)) files.push(join(objects, a, b, f))
      }
    }
    return files
  }

  return {
    adapter: 'filesystem',

    async put(key, data, meta) {
      const contentType = checkPut(key, data, meta)
      const { shard, file } = locate(key)
      const temp = join(tmp, `${randomUUID()}.tmp`)
      let fh: FileHandle | undefined
      try {
        fh = await open(temp, 'wx', 0o644)
        const hash = createHash('sha256')
        let size = 0
        if (data instanceof Uint8Array) {
          hash.update(data)
          await writeAll(fh, data, headerBytes)
          size = data.byteLength
        } else size = await writeStream(fh, data, hash, headerBytes)
        const header: Header = {
          key,
          size,
          contentType,
          etag: hash.digest('hex'),
          uploadedAt: new Date().toISOString(),
        }
        await writeAll(fh, encodeHeader(header), 0)
        await fh.sync()
        await fh.close()
        fh = undefined
        await mkdir(shard, { recursive: true })
        await rename(temp, file)
        await syncDir(shard)
        return metaOf(header)
      } catch (err) {
        discard(data)
        await fh?.close().catch(() => {})
        await rm(temp, { force: true }).catch(() => {})
        throw err
      }
    },

    async get(key, options) {
      assertBlobKey(key)
      const range = assertRange(options?.range)
      const opened = await openBlob(key)
      if (!opened) return null
      const { fh, header } = opened
      const object: BlobObject = { ...metaOf(header), body: emptyStream() }
      const { offset, length } = range ? resolveRange(range, header.size) : { offset: 0, length: header.size }
      if (range) object.range = { offset, length }
      if (length === 0) {
        await fh.close()
        return object
      }
      // The descriptor is the body's or bytes()'s, whichever is used first: the stream closes it
      // when it ends, fails or is cancelled; bytes() after one read.
      const start = headerBytes + offset
      let body: ReadableStream<Uint8Array> | undefined
      let used = false
      Object.defineProperty(object, 'body', {
        enumerable: true,
        get: () => {
          if (!body) {
            if (used) throw new TypeError('fs blob: bytes() already read this object')
            used = true
            body = webStream(
              fh.createReadStream({ start, end: start + length - 1, highWaterMark: 64 * 1024 }),
            )
          }
          return body
        },
      })
      // Not enumerable: a copy of the object (`{ ...object }`) is its metadata and body.
      Object.defineProperty(object, 'bytes', {
        enumerable: false,
        value: async () => {
          if (used) throw new TypeError('fs blob: the body of this object is already being read')
          used = true
          try {
            const buffer = Buffer.allocUnsafe(length)
            let read = 0
            while (read < length) {
              const { bytesRead } = await fh.read(buffer, read, length - read, start + read)
              if (bytesRead === 0) throw new Error(`fs blob ${key}: ended ${length - read} bytes early`)
              read += bytesRead
            }
            return new Uint8Array(buffer.buffer, buffer.byteOffset, length)
          } finally {
            await fh.close()
          }
        },
      })
      return object
    },

    async head(key) {
      assertBlobKey(key)
      const opened = await openBlob(key)
      if (!opened) return null
      await opened.fh.close()
      return metaOf(opened.header)
    },

    async has(key) {
      assertBlobKey(key)
      try {
        await stat(locate(key).file)
        return true
      } catch (err) {
        if (isMissing(err)) return false
        throw err
      }
    },

    async list(options) {
      const prefix = assertBlobPrefix(options?.prefix)
      const limit = listLimitOf(options?.limit)
      const after = cursorOf(options?.cursor)
      const found: BlobMeta[] = []
      await eachLimited(await allFiles(), 16, async (file) => {
        const meta = await readMeta(file)
        if (!meta) return
        if (!meta.key.startsWith(prefix)) return
        if (after !== undefined && compareKeys(meta.key, after) <= 0) return
        found.push(meta)
      })
      found.sort((a, b) => compareKeys(a.key, b.key))
      const items = found.slice(0, limit)
      return { items, cursor: found.length > limit ? items[items.length - 1]!.key : null }
    },

    async delete(key) {
      assertBlobKey(key)
      await rm(locate(key).file, { force: true })
    },

    async move(from, to) {
      assertBlobKey(from)
      assertBlobKey(to)
      const source = locate(from).file
      const target = locate(to)
      // Out of objects/ first, so no reader finds a file whose header names another key; a
      // crash from here on leaves a file in tmp/ that the start-up sweep removes.
      const temp = join(tmp, `${randomUUID()}.move`)
      try {
        await rename(source, temp)
      } catch (err) {
        if (isMissing(err)) return null
        throw err
      }
      try {
        const fh = await open(temp, 'r+')
        let header: Header
        try {
          header = { ...(await readHeader(fh, temp)), key: to }
          await writeAll(fh, encodeHeader(header), 0)
          await fh.sync()
        } finally {
          await fh.close()
        }
        await mkdir(target.shard, { recursive: true })
        await rename(temp, target.file)
        await syncDir(target.shard)
        return metaOf(header)
      } catch (err) {
        await rm(temp, { force: true }).catch(() => {})
        throw err
      }
    },

    async health(): Promise<PortHealth> {
      try {
        const fsStats = await statfs(dir)
        const freeBytes = fsStats.bavail * fsStats.bsize
        const totalBytes = fsStats.blocks * fsStats.bsize
        const free = `${(freeBytes / GiB).toFixed(1)} GiB free`
        if (freeBytes < minFreeBytes)
          return {
            status: 'degraded',
            detail: `${dir}: only ${free}, below ${(minFreeBytes / GiB).toFixed(1)} GiB`,
            freeBytes,
            totalBytes,
          }
        return { status: 'ok', detail: `${dir}: ${free}`, freeBytes, totalBytes }
      } catch (err) {
        return { status: 'down', detail: `${dir}: ${(err as Error).message}` }
      }
    },
  }
}
