/**
 * Blobs in an S3-compatible bucket (AWS S3, R2's S3 API, MinIO, Garage, …) over `fetch`,
 * signed by aws4fetch: web APIs only, so the same adapter runs on Node, workerd and Deno.
 *
 * Puts: S3's PutObject needs a Content-Length, so a stream of unknown length cannot be sent as
 * one chunked request. The body is cut into parts of `partSize` (8 MiB): a body that fits in one
 * part is one PUT; a longer one is a multipart upload (CreateMultipartUpload, UploadPart with
 * `partConcurrency` parts in flight, CompleteMultipartUpload; AbortMultipartUpload when anything
 * fails). Memory stays at about (partConcurrency + 1) × partSize whatever the blob's size, and
 * every request body is bytes, so every request can be retried (5xx, 429, network errors).
 * Parts are all exactly `partSize` but the last (R2 requires equal parts).
 *
 * Reads: GET with a Range header. The answer is checked against its Content-Range: what a
 * server sent beyond the range (a 200 that ignored it, s3rver's whole blob for `bytes=0-0`) is
 * cut off here, and a server that answered other bytes (s3rver reads `bytes=-N` as
 * `bytes=0-N`) is asked again for the exact ones, pinned with If-Match.
 * A range past the end (416) reads nothing, as the port says.
 *
 * Listing: ListObjectsV2 does not return content types, and the port's BlobMeta has one, so
 * each listed key is HEADed (8 at a time). That is 1 + n requests a page: see the proposal
 * in the package's report (an optional contentType on listed items would drop them).
 */
import type { BlobMeta, BlobObject, BlobRange, BlobStore, PortHealth } from '@glam/core'
import { AwsClient } from 'aws4fetch'
import { assertBlobKey, assertBlobPrefix } from './keys.ts'
import { children, parseXml, text, type XmlNode } from './s3-xml.ts'
import {
  assertRange,
  checkPut,
  cursorOf,
  defaultContentType,
  emptyStream,
  listLimitOf,
  rangeIsEmpty,
  readParts,
  resolveRange,
  uploadParts,
} from './shared.ts'

export interface S3BlobStoreOptions {
  /**
   * The service endpoint, e.g. `https://<account>.r2.cloudflarestorage.com`, `http://127.0.0.1:9000`.
   * Default AWS: `https://s3.<region>.amazonaws.com`.
   */
  endpoint?: string
  bucket: string
  /** Signing region: default `us-east-1` (R2: `auto`). */
  region?: string
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key` (MinIO, s3rver, most self-hosted servers). Default false. */
  forcePathStyle?: boolean
  /** Multipart part size, at least 5 MiB (S3's minimum). Default 8 MiB. */
  partSize?: number
  /** Parts uploaded at once. Default 2. */
  partConcurrency?: number
  /** Retries of a failed request (5xx, 429, network), with backoff. Default 3. */
  retries?: number
  /** How long to wait for a response's headers. Default 60 s. */
  timeoutMs?: number
  /** For tests: the fetch to send with (default the global one). */
  fetch?: typeof fetch
}

export const MiB = 1024 * 1024
export const defaultPartSize = 8 * MiB
const minPartSize = 5 * MiB
const maxParts = 10_000

/** An S3 answer that was not a success: its HTTP status and S3's error code say what went wrong. */
export class S3RequestError extends Error {
  override readonly name = 'S3RequestError'
  constructor(
    readonly operation: string,
    readonly status: number,
    /** S3's error code (`NoSuchBucket`, `AccessDenied`, `SignatureDoesNotMatch`, …), when the answer had one. */
    readonly code: string | undefined,
    message: string,
    readonly requestId?: string,
  ) {
    super(message)
  }
}

const encodeRfc3986 = (s: string) =>
  encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

const unquote = (etag: string | null) => (etag ? etag.replace(/^W\//, '').replace(/^"|"$/g, '') : undefined)

const escapeXml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)

const dateOf = (value: string | null | undefined) => {
  if (!value) return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}

// `bytes 0-99/1000`, or `bytes (star)/1000` for an unsatisfiable range
function parseContentRange(header: string | null) {
  const m = /^bytes (?:(\d+)-(\d+)|\*)\/(\d+)$/.exec(header?.trim() ?? '')
  if (!m) return undefined
  return {
    start: m[1] === undefined ? undefined : Number(m[1]),
    end: m[2] === undefined ? undefined : Number(m[2]),
    size: Number(m[3]),
  }
}

function rangeHeader(range: BlobRange): string {
  if ('suffix' in range) return `bytes=-${range.suffix}`
  if (range.length === undefined) return `bytes=${range.offset}-`
  return `bytes=${range.offset}-${range.offset + range.length - 1}`
}

/** `take` bytes of a stream after skipping `skip` (for a server that ignored the Range header). */
function sliceStream(
  body: ReadableStream<Uint8Array>,
  skip: number,
  take: number,
): ReadableStream<Uint8Array> {
  let at = 0
  const end = skip + take
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        const from = Math.max(skip - at, 0)
        const to = Math.min(end - at, chunk.byteLength)
        at += chunk.byteLength
        if (to > from) controller.enqueue(chunk.subarray(from, to))
        if (at >= end) controller.terminate()
      },
    }),
  )
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const { bucket, accessKeyId, secretAccessKey } = options
  const region = options.region ?? 'us-east-1'
  let endpoint: URL
  try {
    endpoint = new URL(options.endpoint ?? `https://s3.${region}.amazonaws.com`)
  } catch {
    throw new TypeError(`createS3BlobStore: endpoint ${JSON.stringify(options.endpoint)} is not a URL`)
  }
  if (endpoint.protocol !== 'http:' && endpoint.protocol !== 'https:')
    throw new TypeError(`createS3BlobStore: endpoint ${options.endpoint} is not http(s)`)
  if (!bucket || typeof bucket !== 'string' || bucket.includes('/'))
    throw new TypeError('createS3BlobStore: `bucket` is required (a bucket name, no "/")')
  if (!accessKeyId || !secretAccessKey)
    throw new TypeError('createS3BlobStore: `accessKeyId` and `secretAccessKey` are required')
  const partSize = options.partSize ?? defaultPartSize
  if (!Number.isSafeInteger(partSize) || partSize < minPartSize)
    throw new TypeError(`createS3BlobStore: partSize must be at least ${minPartSize} bytes (5 MiB)`)
  const partConcurrency = options.partConcurrency ?? 2
  if (!Number.isInteger(partConcurrency) || partConcurrency < 1)
    throw new TypeError('createS3BlobStore: partConcurrency must be a positive integer')
  const retries = options.retries ?? 3
  const timeoutMs = options.timeoutMs ?? 60_000
  const send = options.fetch ?? ((request: Request) => fetch(request))

  const aws = new AwsClient({
    accessKeyId,
    secretAccessKey,
    sessionToken: options.sessionToken,
    service: 's3',
    region,
    retries: 0,
  })

  const base = endpoint.href.replace(/\/+$/, '')
  const bucketUrl = options.forcePathStyle
    ? `${base}/${encodeRfc3986(bucket)}`
    : `${endpoint.protocol}//${bucket}.${endpoint.host}${endpoint.pathname.replace(/\/+$/, '')}`
  const objectUrl = (key: string) => `${bucketUrl}/${key.split('/').map(encodeRfc3986).join('/')}`
  const where = (key?: string) => (key === undefined ? `s3://${bucket}` : `s3://${bucket}/${key}`)

  interface Call {
    operation: string
    key?: string
    query?: Record<string, string>
    headers?: Record<string, string>
    body?: Uint8Array | string
  }

  /** One request, signed anew for each try; retried on 5xx, 429 and network errors. */
  async function request(method: string, call: Call): Promise<Response> {
    const url = new URL(call.key === undefined ? bucketUrl : objectUrl(call.key))
    for (const [name, value] of Object.entries(call.query ?? {})) url.searchParams.set(name, value)
    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController()
      const timer = setTimeout(
        () => controller.abort(new Error(`no answer within ${timeoutMs} ms`)),
        timeoutMs,
      )
      let res: Response | undefined
      let failure: unknown
      try {
        const signed = await aws.sign(url.href, {
          method,
          headers: call.headers ?? {},
          body: call.body as BodyInit | undefined,
          signal: controller.signal,
        })
        res = await send(signed)
      } catch (err) {
        failure = err
      } finally {
        clearTimeout(timer)
      }
      const retriable = res === undefined || res.status >= 500 || res.status === 429
      if (!retriable || attempt >= retries) {
        if (res) return res
        const why =
          failure instanceof Error
            ? ((failure.cause as Error | undefined)?.message ?? failure.message)
            : String(failure)
        throw new Error(`S3 ${call.operation} ${where(call.key)} failed: ${why}`, { cause: failure })
      }
      await res?.body?.cancel().catch(() => {})
      await sleep(Math.random() * 50 * 2 ** attempt + 25 * 2 ** attempt)
    }
  }

  /** The error an unsuccessful answer means (its body is read, when it has one). */
  async function failed(res: Response, call: Pick<Call, 'operation' | 'key'>, body?: string) {
    const xml = body ?? (await res.text().catch(() => ''))
    let code: string | undefined
    let message: string | undefined
    let requestId = res.headers.get('x-amz-request-id') ?? undefined
    if (xml.trim().startsWith('<')) {
      try {
        const error = parseXml(xml).Error
        code = text(error, 'Code')
        message = text(error, 'Message')
        requestId = text(error, 'RequestId') ?? requestId
      } catch {
        // Not XML after all (a proxy's page): the status says what there is to say.
      }
    }
    const said = [code, message].filter(Boolean).join(': ')
    return new S3RequestError(
      call.operation,
      res.status,
      code,
      `S3 ${call.operation} ${where(call.key)}: ${res.status} ${said || res.statusText || 'error'}`,
      requestId,
    )
  }

  const metaOf = (key: string, res: Response, size: number): BlobMeta => {
    const meta: BlobMeta = {
      key,
      size,
      contentType: res.headers.get('content-type') || defaultContentType,
    }
    const etag = unquote(res.headers.get('etag'))
    if (etag) meta.etag = etag
    const uploadedAt = dateOf(res.headers.get('last-modified'))
    if (uploadedAt) meta.uploadedAt = uploadedAt
    return meta
  }

  async function head(key: string): Promise<BlobMeta | null> {
    const res = await request('HEAD', { operation: 'HeadObject', key })
    if (res.status === 404) return null
    if (!res.ok) throw await failed(res, { operation: 'HeadObject', key }, '')
    return metaOf(key, res, Number(res.headers.get('content-length') ?? 0))
  }

  /** A 404 from GET: null for a missing key, an error for anything else (a missing bucket). */
  async function missingOrFailed(res: Response, key: string): Promise<null> {
    const error = await failed(res, { operation: 'GetObject', key })
    if (error.code === undefined || error.code === 'NoSuchKey') return null
    throw error
  }

  async function putSingle(key: string, body: Uint8Array, contentType: string): Promise<BlobMeta> {
    const call = { operation: 'PutObject', key, body, headers: { 'content-type': contentType } }
    const res = await request('PUT', call)
    if (!res.ok) throw await failed(res, call)
    await res.body?.cancel().catch(() => {})
    const meta: BlobMeta = { key, size: body.byteLength, contentType }
    const etag = unquote(res.headers.get('etag'))
    if (etag) meta.etag = etag
    return meta
  }

  async function putMultipart(key: string, parts: AsyncIterable<Uint8Array>, contentType: string) {
    const create = {
      operation: 'CreateMultipartUpload',
      key,
      query: { uploads: '' },
      headers: { 'content-type': contentType },
    }
    const created = await request('POST', create)
    const createdXml = await created.text()
    if (!created.ok) throw await failed(created, create, createdXml)
    const uploadId = text(parseXml(createdXml).InitiateMultipartUploadResult, 'UploadId')
    if (!uploadId) throw new Error(`S3 CreateMultipartUpload ${where(key)}: no UploadId in the answer`)
    try {
      let size = 0
      const etags = await uploadParts(parts, partConcurrency, async (part, n) => {
        if (n > maxParts)
          throw new Error(
            `S3 put ${where(key)}: more than ${maxParts} parts of ${partSize} bytes (raise partSize)`,
          )
        size += part.byteLength
        const call = {
          operation: 'UploadPart',
          key,
          query: { partNumber: String(n), uploadId },
          body: part,
        }
        const res = await request('PUT', call)
        if (!res.ok) throw await failed(res, call)
        await res.body?.cancel().catch(() => {})
        const etag = res.headers.get('etag')
        if (!etag) throw new Error(`S3 UploadPart ${where(key)}: part ${n} answered without an ETag`)
        return etag
      })
      const xml = `<CompleteMultipartUpload xmlns="http://s3.amazonaws.com/doc/2006-03-01/">${etags
        .map((etag, i) => `<Part><PartNumber>${i + 1}</PartNumber><ETag>${escapeXml(etag)}</ETag></Part>`)
        .join('')}</CompleteMultipartUpload>`
      const complete = {
        operation: 'CompleteMultipartUpload',
        key,
        query: { uploadId },
        body: xml,
        headers: { 'content-type': 'application/xml' },
      }
      const res = await request('POST', complete)
      const answer = await res.text()
      if (!res.ok) throw await failed(res, complete, answer)
      // S3 can answer 200 and still fail, with an <Error> in the body.
      const doc = parseXml(answer)
      if (doc.Error)
        throw await failed(
          new Response(null, { status: 500, statusText: 'error in a 200 answer' }),
          complete,
          answer,
        )
      const meta: BlobMeta = { key, size, contentType }
      const etag = unquote(text(doc.CompleteMultipartUploadResult, 'ETag') ?? null)
      if (etag) meta.etag = etag
      return meta
    } catch (err) {
      const abort = { operation: 'AbortMultipartUpload', key, query: { uploadId } }
      await request('DELETE', abort)
        .then((res) => res.body?.cancel())
        .catch(() => {})
      throw err
    }
  }

  return {
    adapter: 's3',

    async put(key, data, meta) {
      const contentType = checkPut(key, data, meta)
      if (data instanceof Uint8Array && data.byteLength <= partSize) return putSingle(key, data, contentType)
      const parts = readParts(data, partSize)[Symbol.asyncIterator]()
      const first = await parts.next()
      if (first.done) return putSingle(key, new Uint8Array(0), contentType)
      if (first.value.byteLength < partSize) return putSingle(key, first.value, contentType)
      const second = await parts.next()
      if (second.done) return putSingle(key, first.value, contentType)
      async function* all() {
        try {
          yield first.value as Uint8Array
          yield second.value as Uint8Array
          for (;;) {
            const next = await parts.next()
            if (next.done) return
            yield next.value
          }
        } finally {
          await parts.return?.(undefined)
        }
      }
      return putMultipart(key, all(), contentType)
    },

    async get(key, options) {
      assertBlobKey(key)
      const range = assertRange(options?.range)
      if (!range) {
        const res = await request('GET', { operation: 'GetObject', key })
        if (res.status === 404) return missingOrFailed(res, key)
        if (!res.ok) throw await failed(res, { operation: 'GetObject', key })
        const size = Number(res.headers.get('content-length') ?? 0)
        return { ...metaOf(key, res, size), body: res.body ?? emptyStream() }
      }
      if (rangeIsEmpty(range)) {
        const meta = await head(key)
        return meta && { ...meta, range: resolveRange(range, meta.size), body: emptyStream() }
      }
      let asked = rangeHeader(range)
      let ifMatch: string | undefined
      for (let attempt = 0; attempt < 3; attempt++) {
        const headers: Record<string, string> = { range: asked }
        if (ifMatch) headers['if-match'] = ifMatch
        const call = { operation: 'GetObject', key, headers }
        const res = await request('GET', call)
        if (res.status === 404) return missingOrFailed(res, key)
        if (res.status === 412) {
          // Replaced between our two requests: start over.
          await res.body?.cancel().catch(() => {})
          asked = rangeHeader(range)
          ifMatch = undefined
          continue
        }
        if (res.status === 416) {
          await res.body?.cancel().catch(() => {})
          const meta = await head(key)
          return meta && { ...meta, range: resolveRange(range, meta.size), body: emptyStream() }
        }
        if (res.status !== 200 && res.status !== 206) throw await failed(res, call)
        const body = res.body ?? emptyStream()
        if (res.status === 200) {
          // The server ignored the range: read the part asked for out of the whole.
          const size = Number(res.headers.get('content-length') ?? 0)
          const want = resolveRange(range, size)
          const object: BlobObject = { ...metaOf(key, res, size), range: want, body: emptyStream() }
          if (want.length > 0) object.body = sliceStream(body, want.offset, want.length)
          else await body.cancel().catch(() => {})
          return object
        }
        const got = parseContentRange(res.headers.get('content-range'))
        if (!got) throw new Error(`S3 GetObject ${where(key)}: 206 without a Content-Range`)
        const want = resolveRange(range, got.size)
        const meta = metaOf(key, res, got.size)
        if (want.length === 0) {
          await body.cancel().catch(() => {})
          return { ...meta, range: want, body: emptyStream() }
        }
        const end = want.offset + want.length - 1
        if (got.start !== undefined && got.end !== undefined && got.start <= want.offset && got.end >= end) {
          // Exactly what was asked, or more (s3rver reads `bytes=0-0` as the whole blob): cut it out.
          const exact = got.start === want.offset && got.end === end
          return {
            ...meta,
            range: want,
            body: exact ? body : sliceStream(body, want.offset - got.start, want.length),
          }
        }
        // Other bytes than asked (s3rver reads `bytes=-N` as `bytes=0-N`): ask for the exact ones.
        await body.cancel().catch(() => {})
        asked = `bytes=${want.offset}-${end}`
        ifMatch = res.headers.get('etag') ?? undefined
      }
      throw new Error(`S3 GetObject ${where(key)}: the range answers kept changing (${asked})`)
    },

    async head(key) {
      assertBlobKey(key)
      return head(key)
    },

    async has(key) {
      assertBlobKey(key)
      return (await head(key)) !== null
    },

    async list(options) {
      const prefix = assertBlobPrefix(options?.prefix)
      const limit = listLimitOf(options?.limit)
      const cursor = cursorOf(options?.cursor)
      const query: Record<string, string> = { 'list-type': '2', 'max-keys': String(limit) }
      if (prefix) query.prefix = prefix
      if (cursor) query['continuation-token'] = cursor
      const call = { operation: 'ListObjectsV2', query }
      const res = await request('GET', call)
      const xml = await res.text()
      if (!res.ok) throw await failed(res, call, xml)
      const result = parseXml(xml).ListBucketResult as XmlNode | undefined
      if (!result) throw new Error(`S3 ListObjectsV2 ${where()}: no ListBucketResult in the answer`)
      const keys = children(result, 'Contents')
        .map((entry) => text(entry, 'Key'))
        .filter((k): k is string => k !== undefined)
      // Content types are not in listings: HEAD each key (a key deleted meanwhile drops out).
      const metas: (BlobMeta | null)[] = new Array(keys.length).fill(null)
      let next = 0
      const worker = async () => {
        while (next < keys.length) {
          const i = next++
          metas[i] = await head(keys[i]!)
        }
      }
      await Promise.all(Array.from({ length: Math.min(8, keys.length) }, worker))
      const truncated = text(result, 'IsTruncated') === 'true'
      const token = text(result, 'NextContinuationToken')
      return {
        items: metas.filter((m): m is BlobMeta => m !== null),
        cursor: truncated && token ? token : null,
      }
    },

    async delete(key) {
      assertBlobKey(key)
      const call = { operation: 'DeleteObject', key }
      const res = await request('DELETE', call)
      if (res.ok) {
        await res.body?.cancel().catch(() => {})
        return
      }
      const error = await failed(res, call)
      if (error.code === 'NoSuchKey') return
      throw error
    },

    async move(from, to) {
      assertBlobKey(from)
      assertBlobKey(to)
      if (from === to) return head(from)
      // CopyObject copies up to 5 GB in one request, server-side; the source's metadata comes along.
      const source = `/${encodeRfc3986(bucket)}/${from.split('/').map(encodeRfc3986).join('/')}`
      const call = { operation: 'CopyObject', key: to, headers: { 'x-amz-copy-source': source } }
      const res = await request('PUT', call)
      const body = await res.text()
      // S3 can answer 200 with an <Error> body when a copy fails midway.
      if (!res.ok || /<Error>/.test(body)) {
        const error = await failed(res, call, body)
        if (error.code === 'NoSuchKey' || res.status === 404) return null
        throw error
      }
      const meta = await head(to)
      const removed = await request('DELETE', { operation: 'DeleteObject', key: from })
      await removed.body?.cancel().catch(() => {})
      if (!removed.ok && removed.status !== 404)
        throw await failed(removed, { operation: 'DeleteObject', key: from })
      return meta
    },

    async health(): Promise<PortHealth> {
      const started = Date.now()
      try {
        const res = await request('HEAD', { operation: 'HeadBucket' })
        const latencyMs = Date.now() - started
        if (res.ok) return { status: 'ok', detail: `bucket ${bucket} at ${endpoint.host}`, latencyMs }
        const why =
          res.status === 404
            ? 'does not exist'
            : res.status === 403
              ? 'refuses our credentials'
              : `answered ${res.status}`
        return { status: 'down', detail: `bucket ${bucket} at ${endpoint.host} ${why}`, latencyMs }
      } catch (err) {
        return { status: 'down', detail: (err as Error).message }
      }
    },
  }
}
