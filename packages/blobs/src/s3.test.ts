// The S3 adapter against a real S3 server: s3rver, started here in-process on a free port over a
// temp directory (see s3rver.ts for why s3rver). The contract runs on it, then what is S3-only
// (multipart uploads, error mapping, options) and what s3rver does differently from S3.

import type { BlobStore } from '@glam/core'
import { AwsClient } from 'aws4fetch'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { blobStoreContract, chunked, digest, MiB, pattern, readBody } from './contract.ts'
import { createS3BlobStore, type S3BlobStoreOptions, S3RequestError } from './s3.ts'
import { children, decodeEntities, parseXml, text } from './s3-xml.ts'
import { type RunningS3rver, startS3rver } from './s3rver.ts'

blobStoreContract(
  'S3 (s3rver)',
  async () => {
    const s3 = await startS3rver()
    return {
      store: createS3BlobStore(s3.options),
      restart: async () => {
        await s3.restart()
        return createS3BlobStore(s3.options)
      },
      close: () => s3.stop(),
    }
  },
  {
    restarts: true,
    knownGaps: {
      'list-order': 's3rver lists in its directory-walk order and resumes by UTF-16 order (see below)',
      'concurrent-writers':
        's3rver writes an object in place (createWriteStream on its final path): two writers interleave',
      'atomic-overwrite':
        's3rver writes an object in place: a reader during an overwrite can get a partly written object',
    },
  },
)

/** A fetch that records what the adapter sent and what came back. */
function recording() {
  const log: { method: string; query: string; status: number }[] = []
  const fetcher = async (request: Request) => {
    const res = await fetch(request)
    const url = new URL(request.url)
    log.push({ method: request.method, query: url.search, status: res.status })
    return res
  }
  return { log, fetch: fetcher as typeof fetch }
}

describe('S3 adapter on s3rver', () => {
  let s3: RunningS3rver
  const make = (extra: Partial<S3BlobStoreOptions> = {}) => createS3BlobStore({ ...s3.options, ...extra })
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'glam-s3-only' })
  })
  afterAll(async () => {
    await s3?.stop()
  })

  it('uploads a stream longer than one part as a multipart upload, parts of exactly partSize', async () => {
    const { log, fetch } = recording()
    // One part at a time, so the log's order is the upload's.
    const store = make({ partSize: 5 * MiB, partConcurrency: 1, fetch })
    const data = pattern(12 * MiB + 5, 1)
    const put = await store.put('multipart/stream.bin', chunked(data, 64 * 1024 + 7), {
      contentType: 'video/webm',
    })
    expect(put).toMatchObject({ size: 12 * MiB + 5, contentType: 'video/webm' })
    expect(
      log.map((r) => `${r.method} ${r.query.replace(/uploadId=\w+/, 'uploadId=…')} ${r.status}`),
    ).toEqual([
      'POST ?uploads= 200',
      'PUT ?partNumber=1&uploadId=… 200',
      'PUT ?partNumber=2&uploadId=… 200',
      'PUT ?partNumber=3&uploadId=… 200',
      'POST ?uploadId=… 200',
    ])
    const got = await store.get('multipart/stream.bin')
    expect(got).toMatchObject({ size: 12 * MiB + 5, contentType: 'video/webm', etag: put.etag })
    expect(digest(await readBody(got!.body))).toBe(digest(data))
    // A range across a part boundary.
    const across = await store.get('multipart/stream.bin', { range: { offset: 5 * MiB - 10, length: 20 } })
    expect(digest(await readBody(across!.body))).toBe(digest(data.subarray(5 * MiB - 10, 5 * MiB + 10)))
  })

  it('uploads bytes longer than one part as multipart, and exactly one part as one PUT', async () => {
    const { log, fetch } = recording()
    const store = make({ partSize: 5 * MiB, fetch })
    const long = pattern(10 * MiB + 1, 2)
    await store.put('multipart/bytes.bin', long)
    expect(log.filter((r) => r.query.includes('partNumber'))).toHaveLength(3)
    expect(digest(await readBody((await store.get('multipart/bytes.bin'))!.body))).toBe(digest(long))
    log.length = 0
    await store.put('multipart/one-part.bin', chunked(pattern(5 * MiB, 3), 1024 * 1024))
    expect(log.map((r) => `${r.method} ${r.query}`)).toEqual(['PUT '])
    expect((await store.head('multipart/one-part.bin'))!.size).toBe(5 * MiB)
  })

  it('aborts the multipart upload when the stream fails, and stores nothing', async () => {
    const { log, fetch } = recording()
    const store = make({ partSize: 5 * MiB, fetch })
    // Fails after 12 chunks of 1 MiB: two parts are uploaded by then.
    const failing = chunked(pattern(20 * MiB, 4), MiB, { failAfter: 12 })
    await expect(store.put('multipart/failed.bin', failing)).rejects.toThrow('the producer failed')
    expect(log.filter((r) => r.query.includes('partNumber'))).toHaveLength(2)
    expect(log.at(-1)).toMatchObject({ method: 'DELETE', query: expect.stringMatching(/^\?uploadId=\w+$/) })
    expect(await store.has('multipart/failed.bin')).toBe(false)
  })

  it('aborts when a part fails, with the S3 error as the reason', async () => {
    const { log, fetch: recorded } = recording()
    const failPart2 = (async (request: Request) => {
      if (new URL(request.url).searchParams.get('partNumber') === '2')
        return new Response(
          '<?xml version="1.0"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>',
          { status: 503 },
        )
      return recorded(request)
    }) as typeof fetch
    const store = make({ partSize: 5 * MiB, retries: 1, fetch: failPart2 })
    const put = store.put('multipart/part-fails.bin', pattern(11 * MiB, 5))
    await expect(put).rejects.toBeInstanceOf(S3RequestError)
    await expect(put).rejects.toMatchObject({ status: 503, code: 'SlowDown', operation: 'UploadPart' })
    await expect(put).rejects.toThrow(
      'S3 UploadPart s3://glam-s3-only/multipart/part-fails.bin: 503 SlowDown: Please reduce your request rate.',
    )
    expect(log.some((r) => r.method === 'DELETE' && r.query.startsWith('?uploadId='))).toBe(true)
    expect(await store.has('multipart/part-fails.bin')).toBe(false)
  })

  it('retries 5xx answers, then gives up with a clear error', async () => {
    let calls = 0
    const flaky = (async (request: Request) => {
      calls++
      if (calls <= 2) return new Response('', { status: 500 })
      return fetch(request)
    }) as typeof fetch
    const store = make({ fetch: flaky, retries: 3 })
    await store.put('retry/x', pattern(100, 6))
    expect(calls).toBe(3)
    const down = make({ fetch: (async () => new Response('', { status: 502 })) as typeof fetch, retries: 1 })
    await expect(down.get('retry/x')).rejects.toThrow('S3 GetObject s3://glam-s3-only/retry/x: 502')
  })

  it('turns S3 errors into errors with status and code; a missing bucket is not a missing key', async () => {
    const store = make({ bucket: 'no-such-bucket' })
    const put = store.put('x', pattern(10, 7))
    await expect(put).rejects.toMatchObject({ name: 'S3RequestError', status: 404, code: 'NoSuchBucket' })
    await expect(put).rejects.toThrow(/^S3 PutObject s3:\/\/no-such-bucket\/x: 404 NoSuchBucket: /)
    await expect(store.get('x')).rejects.toMatchObject({ code: 'NoSuchBucket' })
    await expect(store.list()).rejects.toMatchObject({ code: 'NoSuchBucket', operation: 'ListObjectsV2' })
    expect(await store.health!()).toMatchObject({
      status: 'down',
      detail: expect.stringContaining('does not exist'),
    })
  })

  it('reports an unreachable endpoint as down, and fails its requests clearly', async () => {
    const store = createS3BlobStore({ ...s3.options, endpoint: 'http://127.0.0.1:1', retries: 0 })
    expect(await store.health!()).toMatchObject({ status: 'down', detail: expect.stringContaining('failed') })
    await expect(store.get('x')).rejects.toThrow(/^S3 GetObject s3:\/\/glam-s3-only\/x failed: /)
  })

  it('answers health with the bucket, and names its adapter', async () => {
    const store = make()
    expect(store.adapter).toBe('s3')
    expect(await store.health!()).toMatchObject({
      status: 'ok',
      detail: `bucket glam-s3-only at 127.0.0.1:${s3.port}`,
    })
  })

  it.each([
    ['an endpoint that is not a URL', { endpoint: 'not a url' }],
    ['an endpoint that is not http', { endpoint: 'ftp://example.com' }],
    ['no bucket', { bucket: '' }],
    ['a bucket with a slash', { bucket: 'a/b' }],
    ['no credentials', { accessKeyId: '' }],
    ['parts below 5 MiB', { partSize: MiB }],
    ['no parts in flight', { partConcurrency: 0 }],
  ])('refuses %s', (_, extra) => {
    expect(() => make(extra as Partial<S3BlobStoreOptions>)).toThrow(TypeError)
  })

  it('uses virtual-hosted URLs unless forcePathStyle', async () => {
    const urls: string[] = []
    const spy = (async (request: Request) => {
      urls.push(request.url)
      return new Response(null, { status: 404 })
    }) as typeof fetch
    await createS3BlobStore({
      ...s3.options,
      endpoint: 'https://s3.example.com',
      forcePathStyle: false,
      fetch: spy,
    }).head('a b/ü+(1)')
    await createS3BlobStore({
      ...s3.options,
      endpoint: 'https://s3.example.com',
      forcePathStyle: true,
      fetch: spy,
    }).head('a b/ü+(1)')
    expect(urls).toEqual([
      'https://glam-s3-only.s3.example.com/a%20b/%C3%BC%2B%281%29',
      'https://s3.example.com/glam-s3-only/a%20b/%C3%BC%2B%281%29',
    ])
  })
})

describe("what s3rver does not do like S3 (the adapter's tests run around these)", () => {
  let s3: RunningS3rver
  let store: BlobStore
  let aws: AwsClient
  const raw = (path: string, init: RequestInit = {}) => aws.fetch(`${s3.endpoint}/${s3.bucket}${path}`, init)
  beforeAll(async () => {
    s3 = await startS3rver({ bucket: 'glam-s3rver-gaps' })
    store = createS3BlobStore(s3.options)
    aws = new AwsClient({
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
      service: 's3',
      region: 'us-east-1',
      retries: 0,
    })
  })
  afterAll(async () => {
    await s3?.stop()
  })

  it('reads a suffix range `bytes=-N` as `bytes=0-N` (the adapter asks again for the right bytes)', async () => {
    await store.put('suffix', pattern(100, 1))
    const res = await raw('/suffix', { headers: { range: 'bytes=-10' } })
    expect(res.status).toBe(206)
    expect(res.headers.get('content-range')).toBe('bytes 0-10/100')
    await res.body?.cancel()
    const got = await store.get('suffix', { range: { suffix: 10 } })
    expect(digest(await readBody(got!.body))).toBe(digest(pattern(100, 1).subarray(90)))
  })

  it('does not implement AbortMultipartUpload (405), so aborted parts stay on its disk', async () => {
    const created = await raw('/abort-me?uploads', { method: 'POST' })
    const uploadId = text(parseXml(await created.text()).InitiateMultipartUploadResult, 'UploadId')
    const res = await raw(`/abort-me?uploadId=${uploadId}`, { method: 'DELETE' })
    expect(res.status).toBe(405)
    expect(text(parseXml(await res.text()).Error, 'Code')).toBe('MethodNotAllowed')
  })

  it('needs --openssl-legacy-provider on Node 17+: without it, a truncated listing is a 500', async () => {
    const plain = await startS3rver({ bucket: 'glam-no-des', legacyOpenSsl: false })
    try {
      const des = createS3BlobStore({ ...plain.options, retries: 0 })
      for (const key of ['des/a', 'des/b']) await des.put(key, pattern(1, 1))
      expect((await des.list({ prefix: 'des/' })).items).toHaveLength(2)
      // A continuation token is DES-encrypted, which OpenSSL 3 refuses.
      await expect(des.list({ prefix: 'des/', limit: 1 })).rejects.toMatchObject({
        status: 500,
        code: 'InternalError',
      })
    } finally {
      await plain.stop()
    }
  })

  it('does not check SigV4 signatures: a wrong secret is accepted', async () => {
    const wrong = createS3BlobStore({ ...s3.options, secretAccessKey: 'not-the-secret' })
    await expect(wrong.put('unsigned', pattern(1, 1))).resolves.toMatchObject({ size: 1 })
  })

  it('lists in the order of its directory walk, not byte order, and a cursor skips keys', async () => {
    for (const key of ['order/a', 'order/a/b', 'order/a-b']) await store.put(key, pattern(1, 1))
    const { items } = await store.list({ prefix: 'order/' })
    // S3 (and every other adapter here): a, a-b, a/b.
    expect(items.map((i) => i.key)).toEqual(['order/a/b', 'order/a-b', 'order/a'])
    // Its continuation token resumes after the last key by JavaScript string order, which is
    // neither its walk order nor byte order: one page of one key, and the other two are lost.
    const first = await store.list({ prefix: 'order/', limit: 1 })
    expect(first.items.map((i) => i.key)).toEqual(['order/a/b'])
    expect(first.cursor).not.toBeNull()
    expect(await store.list({ prefix: 'order/', limit: 1, cursor: first.cursor! })).toEqual({
      items: [],
      cursor: null,
    })
  })
})

describe('S3 XML', () => {
  it('decodes entities and character references, once', () => {
    expect(decodeEntities('a&amp;b&lt;&gt;&quot;&apos;&#x27;&#39;&#x1F600;&amp;lt;&unknown;')).toBe(
      `a&b<>"'''😀&lt;&unknown;`,
    )
  })

  it('keeps values as untrimmed strings, with one element or several', () => {
    const one = parseXml(
      '<?xml version="1.0"?><ListBucketResult><Contents><Key> 0012 </Key><Size>5</Size></Contents><IsTruncated>false</IsTruncated></ListBucketResult>',
    )
    expect(children(one.ListBucketResult, 'Contents').map((c) => text(c, 'Key'))).toEqual([' 0012 '])
    const many = parseXml(
      '<ListBucketResult><Contents><Key>a&amp;b</Key></Contents><Contents><Key>c&#x27;d</Key></Contents></ListBucketResult>',
    )
    expect(children(many.ListBucketResult, 'Contents').map((c) => text(c, 'Key'))).toEqual(['a&b', "c'd"])
    expect(() => parseXml('<a><b></a>')).toThrow()
  })
})
