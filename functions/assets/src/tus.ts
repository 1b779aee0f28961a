/**
 * @module tus
 * The tus 1.0 resumable upload protocol (core, creation, creation-with-upload, termination,
 * expiration) as a Hono sub-app over the platform's BlobStore. Web APIs only, so it runs on
 * workerd, Deno and Node alike (@tus/server is built on Node streams and node:http).
 *
 * ```ts
 * app.route('/api/assets/tus', createTusApp({ authorize, complete }, { maxSize: 512 * 1024 ** 2 }))
 * ```
 *
 * Blobs, under `uploads/tus/<id>/`: `info` (the upload's state as JSON) and one blob per
 * PATCH, named by the offset it starts at in 16 digits (`0000000000000000`, `0000000001048576`,
 * …), so a listing yields them in order and before `info`. When the last byte arrives the chunks
 * are read back as one stream for `complete`, then deleted; `info` stays as the receipt (asset
 * id and url) until it expires and `purgeExpiredTusUploads` removes it.
 *
 * A body cut off mid-way (the client went away) keeps the bytes that arrived: they are a valid
 * prefix, recorded as a chunk, and the client's HEAD resumes after them. A body that would run
 * past Upload-Length is refused whole (413), the offset unchanged.
 *
 * Concurrency: a PATCH takes a lease in `info` (`lock.until`, renewed while bytes flow); other
 * PATCHes and DELETEs answer 423 meanwhile. The lease is read, then written, not swapped
 * atomically (the BlobStore has no compare-and-swap): two requests within one round trip of each
 * other may both take it. Chunk sizes are checked against `info` when read back, so such a race
 * fails the upload rather than corrupting it.
 */
import { type AppEnv, type BlobMeta, type BlobStore, GlamError, registerErrors } from '@glam/core'
import { type Context, Hono } from 'hono'

/** The codes only tus answers with; the assets manifest declares them (`errors: { ...tusErrors }`). */
export const tusErrors = {
  TUS_VERSION_UNSUPPORTED: {
    status: 412,
    message: 'Only tus 1.0.0 is spoken here; send Tus-Resumable: 1.0.0.',
  },
  TUS_UPLOAD_LOCKED: {
    status: 423,
    message: 'Another request is writing to this upload; try again shortly.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    TUS_VERSION_UNSUPPORTED: true
    TUS_UPLOAD_LOCKED: true
  }
}

registerErrors(tusErrors)

export interface TusUploadMeta {
  type: string
  name?: string
  length: number
}

export interface TusHooks {
  /** Called on creation (POST) before anything is stored: throws a GlamError (403, 400, 413 …) to refuse. */
  authorize(c: Context<AppEnv>, meta: TusUploadMeta): Promise<void>
  /**
   * Called once when the last byte has arrived, with the whole upload as a stream; returns the
   * asset it became (its id and url go into response headers); throws a GlamError (415, 422 …) to
   * refuse, in which case the upload's bytes are deleted and the error answers the final PATCH.
   */
  complete(
    c: Context<AppEnv>,
    upload: TusUploadMeta & { stream: ReadableStream<Uint8Array> },
  ): Promise<{ id: string; url: string }>
}

export interface TusOptions {
  /** Largest Upload-Length accepted (Tus-Max-Size); default 2 GiB. */
  maxSize?: number
  /** Where uploads live in the blob store; default `uploads/tus`. */
  chunkKeyPrefix?: string
  /** How long an unfinished upload may take, from its creation; default 24 hours. */
  expiresAfterSeconds?: number
}

const TUS_VERSION = '1.0.0'
const OFFSET_STREAM = 'application/offset+octet-stream'
const DEFAULT_PREFIX = 'uploads/tus'
const LEASE_MS = 60_000
/** Chunks left without an `info` (a crash mid-delete) are removed once this old. */
const ORPHAN_GRACE_MS = 24 * 3600_000
const idPattern = /^[0-9a-f]{32}$/
const prefixPattern = /^[\w-]+(\/[\w-]+)*$/
const exposedHeaders = [
  'Upload-Offset',
  'Location',
  'Upload-Length',
  'Tus-Version',
  'Tus-Resumable',
  'Tus-Max-Size',
  'Tus-Extension',
  'Upload-Metadata',
  'Upload-Expires',
  'Glam-Asset-Id',
  'Glam-Asset-Url',
]

interface TusInfo {
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

interface Settings {
  maxSize: number
  prefix: string
  expiresAfterMs: number
}

type C = Context<AppEnv>
type Lease = ReturnType<typeof createLease>

function settingsOf(options: TusOptions): Settings {
  const maxSize = options.maxSize ?? 2 * 1024 ** 3
  const prefix = options.chunkKeyPrefix ?? DEFAULT_PREFIX
  const expiresAfterSeconds = options.expiresAfterSeconds ?? 24 * 3600
  if (!Number.isSafeInteger(maxSize) || maxSize < 1)
    throw new Error('createTusApp: maxSize must be a positive integer')
  if (!prefixPattern.test(prefix))
    throw new Error(`createTusApp: chunkKeyPrefix ${prefix} is not a blob key prefix`)
  if (!(expiresAfterSeconds > 0)) throw new Error('createTusApp: expiresAfterSeconds must be positive')
  return { maxSize, prefix, expiresAfterMs: expiresAfterSeconds * 1000 }
}

const uploadPrefix = (prefix: string, id: string) => `${prefix}/${id}/`
const infoKey = (prefix: string, id: string) => `${prefix}/${id}/info`
const chunkKey = (prefix: string, id: string, offset: number) =>
  `${prefix}/${id}/${String(offset).padStart(16, '0')}`

async function readInfo(blobs: BlobStore, key: string): Promise<TusInfo | null> {
  const object = await blobs.get(key)
  return object ? (JSON.parse(await new Response(object.body).text()) as TusInfo) : null
}

const saveInfo = (blobs: BlobStore, prefix: string, info: TusInfo) =>
  blobs.put(infoKey(prefix, info.id), new TextEncoder().encode(JSON.stringify(info)), {
    contentType: 'application/json',
  })

/** Deletes every blob under `prefix` (in key order: chunks before `info`), but those `keep` names. */
async function deleteUnder(blobs: BlobStore, prefix: string, keep?: (key: string) => boolean) {
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

const invalid = (path: string, message: string) =>
  new GlamError('VALIDATION_FAILED', message, { details: [{ path, code: 'invalid', message }] })

function headerInt(c: C, name: string): number | undefined {
  const raw = c.req.header(name)
  if (raw === undefined) return undefined
  if (!/^\d{1,16}$/.test(raw) || !Number.isSafeInteger(Number(raw)))
    throw invalid(name, `${name} must be a non-negative integer.`)
  return Number(raw)
}

function decodeBase64(key: string, value: string): string {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value))
    throw invalid('Upload-Metadata', `The value of ${key} is not base64.`)
  try {
    const bytes = Uint8Array.from(atob(value), (ch) => ch.charCodeAt(0))
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    throw invalid('Upload-Metadata', `The value of ${key} is not base64 of UTF-8 text.`)
  }
}

/** Upload-Metadata: `key base64value` pairs, comma-separated, keys unique, values optional. */
export function parseUploadMetadata(header: string): Map<string, string> {
  const pairs = new Map<string, string>()
  if (header.trim() === '') return pairs
  if (header.length > 4096)
    throw invalid('Upload-Metadata', 'Upload-Metadata is longer than 4,096 characters.')
  for (const part of header.split(',')) {
    const [key, value, ...rest] = part.trim().split(' ')
    if (!key || rest.length > 0 || !/^[\x21-\x2b\x2d-\x7e]+$/.test(key))
      throw invalid('Upload-Metadata', 'Upload-Metadata must be comma-separated `key base64value` pairs.')
    if (pairs.has(key)) throw invalid('Upload-Metadata', `Upload-Metadata names ${key} twice.`)
    pairs.set(key, value ? decodeBase64(key, value) : '')
  }
  return pairs
}

function metaOf(header: string | undefined, length: number): TusUploadMeta {
  const pairs = parseUploadMetadata(header ?? '')
  const type = pairs.get('type')?.trim()
  // tus-js-client users often send `filename`; `name` wins when both are there.
  const name = pairs.get('name') ?? pairs.get('filename')
  if (!type || type.length > 255) throw invalid('Upload-Metadata', 'Upload-Metadata must carry the type.')
  if (name !== undefined && name.length > 255)
    throw invalid('Upload-Metadata', 'The name is longer than 255 characters.')
  return name === undefined ? { type, length } : { type, name, length }
}

const principalOf = (c: C) => (c.var.principal ? `${c.var.principal.kind}:${c.var.principal.id}` : undefined)
const nowMs = (c: C) => c.var.platform.clock.now().getTime()
const isOffsetStream = (c: C) =>
  (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === OFFSET_STREAM

/** The upload at `:id`, if the caller may see it: 404 otherwise (nothing leaks), 410 once expired. */
async function ownUpload(c: C, s: Settings, allowExpired = false): Promise<TusInfo> {
  const id = c.req.param('id') ?? ''
  const info = idPattern.test(id) ? await readInfo(c.var.platform.blobs, infoKey(s.prefix, id)) : null
  if (!info || (info.principal && info.principal !== principalOf(c)))
    throw new GlamError('NOT_FOUND', 'No upload with this id.')
  if (!allowExpired && !info.asset && Date.parse(info.expiresAt) <= nowMs(c))
    throw new GlamError('GONE', 'This upload expired; start a new one.')
  return info
}

function assertUnlocked(c: C, info: TusInfo) {
  const left = info.lock ? Date.parse(info.lock.until) - nowMs(c) : 0
  if (left > 0) throw new GlamError('TUS_UPLOAD_LOCKED', undefined, { headers: { 'Retry-After': '1' } })
}

/** A declared Content-Length that cannot fit is refused before a byte is read. */
function assertFits(c: C, info: TusInfo) {
  const declared = headerInt(c, 'Content-Length')
  if (declared !== undefined && declared > info.length - info.offset) throw tooLong(info)
}

const tooLong = (info: TusInfo) =>
  new GlamError('PAYLOAD_TOO_LARGE', `The body runs past Upload-Length (${info.length} bytes).`)

/**
 * The upload's lease: written into `info`, renewed while bytes flow (request body or assembly),
 * dropped by `release`. Writes are chained so a renewal never lands after the release.
 */
function createLease(c: C, s: Settings, info: TusInfo) {
  const { blobs } = c.var.platform
  const token = crypto.randomUUID()
  let state = info
  let until = 0
  let ended = false
  let writing: Promise<unknown> = Promise.resolve()
  const write = (next: TusInfo, locked: boolean) => {
    state = next
    const { lock: _, ...unlocked } = next
    const stored = locked ? { ...unlocked, lock: { token, until: new Date(until).toISOString() } } : unlocked
    writing = writing.catch(() => {}).then(() => saveInfo(blobs, s.prefix, stored))
    return writing
  }
  return {
    take() {
      until = nowMs(c) + LEASE_MS
      return write(state, true)
    },
    touch() {
      if (ended || until - nowMs(c) > LEASE_MS / 2) return
      until = nowMs(c) + LEASE_MS
      write(state, true).catch((error) =>
        c.var.log.warn('tus.lease_renewal_failed', { upload: info.id, error }),
      )
    },
    release(next: TusInfo) {
      ended = true
      return write(next, false)
    },
    /** No more renewals; resolves once the pending ones are written (before deleting the upload). */
    async end() {
      ended = true
      await writing.catch(() => {})
    },
  }
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

async function openChunk(blobs: BlobStore, key: string, size: number) {
  const object = await blobs.get(key)
  if (object && object.size === size) return object.body.getReader()
  await object?.body.cancel()
  throw new Error(`tus chunk ${key} is missing or changed`)
}

/** The chunks as one stream, each read from the store only when the previous one is used up. */
function assembled(c: C, s: Settings, info: TusInfo, onBytes: () => void): ReadableStream<Uint8Array> {
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
async function appendUnderLease(
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

function progressHeaders(info: TusInfo): Record<string, string> {
  const headers: Record<string, string> = { 'Upload-Offset': String(info.offset) }
  if (info.asset) {
    headers['Glam-Asset-Id'] = info.asset.id
    headers['Glam-Asset-Url'] = info.asset.url
  } else {
    headers['Upload-Expires'] = new Date(info.expiresAt).toUTCString()
  }
  return headers
}

function locationOf(c: C, id: string): string {
  const url = new URL(c.req.url)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${id}`
  url.search = ''
  return url.href
}

function exposeHeaders(existing: string | null): string {
  const names = new Set(
    [...(existing ?? '').split(','), ...exposedHeaders].map((h) => h.trim()).filter(Boolean),
  )
  return [...names].join(', ')
}

async function create(c: C, s: Settings, hooks: TusHooks) {
  if (c.req.header('upload-defer-length') !== undefined)
    throw invalid('Upload-Defer-Length', 'Deferred lengths are not supported; send Upload-Length.')
  const length = headerInt(c, 'Upload-Length')
  if (length === undefined) throw invalid('Upload-Length', 'Upload-Length is required.')
  if (length > s.maxSize)
    throw new GlamError('PAYLOAD_TOO_LARGE', `Uploads may be at most ${s.maxSize} bytes.`)
  const metadata = c.req.header('upload-metadata') ?? ''
  const meta = metaOf(metadata, length)
  const now = nowMs(c)
  const principal = principalOf(c)
  const info: TusInfo = {
    id: crypto.randomUUID().replaceAll('-', ''),
    length,
    offset: 0,
    metadata,
    type: meta.type,
    ...(meta.name !== undefined && { name: meta.name }),
    createdAt: new Date(now).toISOString(),
    expiresAt: new Date(now + s.expiresAfterMs).toISOString(),
    ...(principal && { principal }),
    chunks: [],
  }
  const withBody = isOffsetStream(c)
  if (withBody) assertFits(c, info)
  await hooks.authorize(c, meta)
  c.var.log.info('tus.created', { upload: info.id, length, type: meta.type })
  // creation-with-upload (and an empty upload, complete at once) go through the PATCH path.
  if (!withBody && length > 0) await saveInfo(c.var.platform.blobs, s.prefix, info)
  const body = withBody ? c.req.raw.body : null
  const stored = withBody || length === 0 ? await appendUnderLease(c, s, hooks, info, body) : info
  return c.body(null, 201, { Location: locationOf(c, info.id), ...progressHeaders(stored) })
}

async function append(c: C, s: Settings, hooks: TusHooks) {
  const info = await ownUpload(c, s)
  if (!isOffsetStream(c))
    throw new GlamError('UNSUPPORTED_MEDIA_TYPE', `Send PATCH bodies as ${OFFSET_STREAM}.`)
  const offset = headerInt(c, 'Upload-Offset')
  if (offset === undefined) throw invalid('Upload-Offset', 'Upload-Offset is required.')
  if (offset !== info.offset)
    throw new GlamError('CONFLICT', `The upload is at offset ${info.offset}, not ${offset}.`, {
      headers: { 'Upload-Offset': String(info.offset) },
    })
  assertFits(c, info)
  if (info.asset) return c.body(null, 204, progressHeaders(info)) // a repeated final PATCH
  assertUnlocked(c, info)
  const stored = await appendUnderLease(c, s, hooks, info, c.req.raw.body)
  return c.body(null, 204, progressHeaders(stored))
}

async function status(c: C, s: Settings) {
  if (c.req.method !== 'HEAD')
    throw new GlamError('METHOD_NOT_ALLOWED', 'Ask an upload with HEAD.', {
      headers: { Allow: 'HEAD, PATCH, DELETE, OPTIONS' },
    })
  const info = await ownUpload(c, s)
  return c.body(null, 200, {
    ...progressHeaders(info),
    'Upload-Length': String(info.length),
    'Cache-Control': 'no-store',
    ...(info.metadata && { 'Upload-Metadata': info.metadata }),
  })
}

async function terminate(c: C, s: Settings) {
  const info = await ownUpload(c, s, true)
  assertUnlocked(c, info)
  await deleteUnder(c.var.platform.blobs, uploadPrefix(s.prefix, info.id))
  c.var.log.info('tus.terminated', { upload: info.id })
  return c.body(null, 204)
}

/** The tus endpoint, to mount at `/api/assets/tus`: POST creates, HEAD/PATCH/DELETE `/:id`. */
export function createTusApp(hooks: TusHooks, options: TusOptions = {}): Hono<AppEnv> {
  const s = settingsOf(options)
  const capabilities = (c: C) =>
    c.body(null, 204, {
      'Tus-Version': TUS_VERSION,
      'Tus-Extension': 'creation,creation-with-upload,termination,expiration',
      'Tus-Max-Size': String(s.maxSize),
    })
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      if (c.req.method !== 'OPTIONS' && c.req.header('tus-resumable') !== TUS_VERSION)
        throw new GlamError('TUS_VERSION_UNSUPPORTED', undefined, {
          headers: {
            'Tus-Version': TUS_VERSION,
            'Tus-Resumable': TUS_VERSION,
            'Access-Control-Expose-Headers': exposeHeaders(null),
          },
        })
      await next()
      c.header('Tus-Resumable', TUS_VERSION)
      c.header(
        'Access-Control-Expose-Headers',
        exposeHeaders(c.res.headers.get('access-control-expose-headers')),
      )
    })
    .options('/', capabilities)
    .options('/:id', capabilities)
    .post('/', (c) => create(c, s, hooks))
    .get('/:id', (c) => status(c, s))
    .patch('/:id', (c) => append(c, s, hooks))
    .delete('/:id', (c) => terminate(c, s))
}

/** Whether a listed upload may go: its info says expired (or is unreadable); orphans once a day old. */
async function isStale(blobs: BlobStore, prefix: string, id: string, keys: BlobMeta[], now: number) {
  const info = keys.find((item) => item.key === infoKey(prefix, id))
  if (!info)
    return keys.every((item) => !item.uploadedAt || now - item.uploadedAt.getTime() > ORPHAN_GRACE_MS)
  const state = await readInfo(blobs, info.key).catch(() => null)
  return !state || !(Date.parse(state.expiresAt) > now)
}

/**
 * Deletes the uploads under `prefix` whose time is up (finished ones too: their receipt is kept
 * only until then); answers how many went. The garbage-collection job calls it.
 */
export async function purgeExpiredTusUploads(
  blobs: BlobStore,
  now: Date,
  prefix = DEFAULT_PREFIX,
): Promise<number> {
  let purged = 0
  let group: { id: string; keys: BlobMeta[] } | undefined
  const settle = async () => {
    if (!group || !(await isStale(blobs, prefix, group.id, group.keys, now.getTime()))) return
    for (const item of group.keys) await blobs.delete(item.key)
    purged++
  }
  let cursor: string | null = null
  do {
    const page: { items: BlobMeta[]; cursor: string | null } = await blobs.list({
      prefix: `${prefix}/`,
      limit: 1000,
      ...(cursor && { cursor }),
    })
    // Keys come in byte order, so one upload's keys are contiguous (across pages too).
    for (const item of page.items) {
      const id = item.key.slice(prefix.length + 1).split('/')[0]!
      if (group?.id !== id) {
        await settle()
        group = { id, keys: [] }
      }
      group.keys.push(item)
    }
    cursor = page.cursor
  } while (cursor)
  await settle()
  return purged
}
