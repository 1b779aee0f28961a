/**
 * A feed's bytes as they arrive (a file, an upload, a response body), unpacked: gzip through
 * node:zlib, zip through fflate's streaming Unzip (the first file that is not a directory, macOS
 * metadata or hidden). Told apart by their magic bytes, whatever the file is called. Every byte
 * after unpacking counts against `maxBytes`: a zip bomb stops at the limit.
 */
import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import { Unzip, type UnzipFile, UnzipInflate } from 'fflate'
import { FeedError } from './reasons.ts'

export type Packing = 'none' | 'gzip' | 'zip'

export interface Unpacked {
  packing: Packing
  /** The archive member's name (zip), else undefined. */
  entry?: string
  chunks: AsyncIterable<Uint8Array>
}

/** Reads from an iterator, with the chunks already pulled put back in front. */
async function* prepend(first: Uint8Array[], rest: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* first
  for (;;) {
    const next = await rest.next()
    if (next.done) return
    yield next.value
  }
}

async function* limited(chunks: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  let total = 0
  for await (const chunk of chunks) {
    total += chunk.byteLength
    if (total > maxBytes)
      throw new FeedError(
        'FEED_TOO_LARGE',
        `the feed is larger than ${maxBytes} bytes (unpacked); raise GLAM_FEED_MAX_BYTES`,
      )
    yield chunk
  }
}

async function* gunzip(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  try {
    for await (const chunk of Readable.from(chunks, { objectMode: false }).pipe(createGunzip()))
      yield chunk as Uint8Array
  } catch (err) {
    if (err instanceof FeedError) throw err
    throw new FeedError('PARSE_ERROR', `the gzip data is damaged or truncated (${(err as Error).message})`)
  }
}

const skipped = (name: string) =>
  name.endsWith('/') || name.startsWith('__MACOSX/') || (name.split('/').pop() ?? '').startsWith('.')

/** The first feed file of a zip, streamed. */
async function unzip(
  chunks: AsyncIterable<Uint8Array>,
): Promise<{ entry: string; chunks: AsyncIterable<Uint8Array> }> {
  const queue: Uint8Array[] = []
  let wake: (() => void) | undefined
  let failure: Error | undefined
  let done = false
  let entry: string | undefined
  let chosen: UnzipFile | undefined
  const unzipper = new Unzip((file) => {
    if (chosen || skipped(file.name)) return
    if (file.compression !== 0 && file.compression !== 8) {
      failure = new FeedError(
        'UNSUPPORTED_FORMAT',
        `${file.name} in the zip is compressed with method ${file.compression}; only deflate is read`,
      )
      return
    }
    chosen = file
    entry = file.name
    file.ondata = (err, data, final) => {
      if (err)
        failure = new FeedError('PARSE_ERROR', `the zip member ${file.name} is damaged (${err.message})`)
      else if (data.byteLength) queue.push(data)
      if (final) done = true
      wake?.()
    }
    file.start()
  })
  unzipper.register(UnzipInflate)
  const source = chunks[Symbol.asyncIterator]()
  let sourceDone = false
  const pump = async () => {
    const next = await source.next()
    if (next.done) {
      sourceDone = true
      unzipper.push(new Uint8Array(0), true)
    } else unzipper.push(next.value, false)
  }
  // Read until the first member starts (or the archive ends without one).
  while (!chosen && !sourceDone && !failure) await pump()
  if (failure) throw failure
  if (!chosen) throw new FeedError('UNSUPPORTED_FORMAT', 'the zip archive holds no feed file')
  async function* member(): AsyncGenerator<Uint8Array> {
    for (;;) {
      if (failure) throw failure
      if (queue.length) {
        yield queue.shift()!
        continue
      }
      if (done) return
      if (sourceDone)
        throw new FeedError('PARSE_ERROR', `the zip archive ends inside ${entry}: it is truncated`)
      await pump()
    }
  }
  return { entry: entry!, chunks: member() }
}

/** Unpacks gzip or zip (by magic bytes) and caps the unpacked size. */
export async function unpack(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  maxBytes: number,
): Promise<Unpacked> {
  const iterator =
    Symbol.asyncIterator in chunks
      ? chunks[Symbol.asyncIterator]()
      : (async function* () {
          yield* chunks
        })()
  const head: Uint8Array[] = []
  let size = 0
  while (size < 4) {
    const next = await iterator.next()
    if (next.done) break
    head.push(next.value)
    size += next.value.byteLength
  }
  const first = head.length === 1 ? head[0]! : Buffer.concat(head)
  const all = prepend(head, iterator)
  if (first[0] === 0x1f && first[1] === 0x8b)
    return { packing: 'gzip', chunks: limited(gunzip(all), maxBytes) }
  if (first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04) {
    const { entry, chunks: member } = await unzip(all)
    return { packing: 'zip', entry, chunks: limited(member, maxBytes) }
  }
  return { packing: 'none', chunks: limited(all, maxBytes) }
}
