// Uploads over real HTTP to the Node container server: a resumable (tus) upload of a feed,
// interrupted after two chunks and resumed, becomes an asset whose hash is the file's; a
// multipart upload streams through the server's parser; the real tus-js-client is the client.

import { createHash } from 'node:crypto'
import type { RunningServer } from '@glam/platform/node'
import { startNodeServer } from '@glam/platform/node'
import { testConfig } from '@glam/testing/platform'
import sharp from 'sharp'
import * as tus from 'tus-js-client'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { feed } from './feed.fixture.ts'

const MiB = 1024 * 1024
const admin = { authorization: 'Bearer glam_dev_admin' }
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

describe('uploads over HTTP to the Node server', () => {
  let server: RunningServer
  let endpoint: string
  beforeAll(async () => {
    server = await startNodeServer(testConfig({ PORT: '0', GLAM_EVENTS: 'memory', GLAM_SCHEDULER: 'false' }))
    endpoint = `${server.url}/api/assets/tus`
  })
  afterAll(async () => {
    await server?.shutdown('test')
  })

  const finish = (file: Buffer, options: tus.UploadOptions) =>
    new Promise<{ id: string | undefined; url: string | undefined }>((resolve, reject) => {
      const upload = new tus.Upload(file, {
        chunkSize: MiB,
        retryDelays: [],
        headers: admin,
        ...options,
        onSuccess: ({ lastResponse }) =>
          resolve({
            id: lastResponse.getHeader('glam-asset-id'),
            url: lastResponse.getHeader('glam-asset-url'),
          }),
        onError: reject,
      })
      upload.start()
    })

  it('resumes an interrupted tus upload and stores the same hash', async () => {
    const file = feed(5 * MiB + 12_345)
    const first = await new Promise<tus.Upload>((resolve, reject) => {
      let chunks = 0
      const upload: tus.Upload = new tus.Upload(file, {
        endpoint,
        chunkSize: MiB,
        retryDelays: [],
        headers: admin,
        metadata: { type: 'feed', name: 'products.csv' },
        onChunkComplete: () => {
          if (++chunks === 2) upload.abort().then(() => resolve(upload))
        },
        onError: reject,
      })
      upload.start()
    })
    const offset = await fetch(first.url!, {
      method: 'HEAD',
      headers: { ...admin, 'tus-resumable': '1.0.0' },
    })
    expect(offset.headers.get('upload-offset')).toBe(String(2 * MiB))
    const done = await finish(file, { uploadUrl: first.url! })
    expect(done.id).toMatch(/^[0-9a-f-]{36}$/)
    const asset = (await (await fetch(`${server.url}/api/assets/${done.id}`, { headers: admin })).json()) as {
      sha256: string
      size: number
      contentType: string
      name: string
    }
    expect(asset).toMatchObject({
      sha256: sha(file),
      size: file.length,
      contentType: 'text/csv',
      name: 'products.csv',
    })
    const original = await fetch(`${server.url}${new URL(done.url!).pathname}${new URL(done.url!).search}`)
    expect(original.status).toBe(200)
    expect(sha(new Uint8Array(await original.arrayBuffer()))).toBe(sha(file))
  })

  it('refuses a tus upload of a type the caller may not upload, before any byte is stored', async () => {
    const res = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...admin,
        'tus-resumable': '1.0.0',
        'upload-length': '10',
        'upload-metadata': `type ${btoa('selfie')}`,
      },
    })
    expect(res.status).toBe(400)
    expect(await res.json()).toMatchObject({ error: { code: 'UNKNOWN_ASSET_TYPE' } })
    const tooLarge = await fetch(endpoint, {
      method: 'POST',
      headers: {
        ...admin,
        'tus-resumable': '1.0.0',
        'upload-length': String(6_000_000),
        'upload-metadata': `type ${btoa('avatar')}`,
      },
    })
    expect(tooLarge.status).toBe(413)
    const anonymous = await fetch(endpoint, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': `type ${btoa('feed')}` },
    })
    expect(anonymous.status).toBe(401)
  })

  it('streams a multipart upload of 8 MB through the server', async () => {
    const file = feed(8 * MiB)
    const form = new FormData()
    form.append('type', 'feed')
    form.append('name', 'big.csv')
    form.append('file', new Blob([file as BlobPart], { type: 'text/csv' }), 'big.csv')
    const res = await fetch(`${server.url}/api/assets`, { method: 'POST', headers: admin, body: form })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({ sha256: sha(file), size: file.length, type: 'feed' })
  })

  it('answers a public original from memory once read, with the same headers, and forgets it when deleted', async () => {
    const bytes = Buffer.from(
      await sharp({ create: { width: 9, height: 7, channels: 3, background: '#c2185b' } })
        .jpeg()
        .toBuffer(),
    )
    const res = await fetch(`${server.url}/api/assets?type=product-photo&name=held.jpg`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/octet-stream' },
      body: bytes,
    })
    const asset = (await res.json()) as { id: string; sha256: string }
    const url = `${server.url}/a/${asset.sha256}.jpg`
    const headersOf = (r: Response) =>
      Object.fromEntries(
        [...r.headers].filter(
          ([name]) => !['date', 'x-request-id', 'keep-alive', 'connection'].includes(name),
        ),
      )
    const first = await fetch(url) // the Hono route reads it and keeps it
    const second = await fetch(url) // the fast path answers from memory
    expect(second.status).toBe(200)
    expect(Buffer.from(await second.arrayBuffer())).toEqual(bytes)
    expect(Buffer.from(await first.arrayBuffer())).toEqual(bytes)
    expect(headersOf(second)).toEqual(headersOf(first))
    expect(second.headers.get('x-request-id')).toMatch(/^[\w-]+$/)
    const head = await fetch(url, { method: 'HEAD' })
    expect(head.headers.get('content-length')).toBe(String(bytes.length))
    expect((await fetch(url, { headers: { 'if-none-match': `"${asset.sha256}"` } })).status).toBe(304)
    expect((await fetch(`${server.url}/a/${asset.sha256}.png`)).status).toBe(404)
    const part = await fetch(url, { headers: { range: 'bytes=0-3' } })
    expect(part.status).toBe(206)
    expect(Buffer.from(await part.arrayBuffer())).toEqual(bytes.subarray(0, 4))
    await fetch(`${server.url}/api/assets/${asset.id}`, { method: 'DELETE', headers: admin })
    expect((await fetch(url)).status).toBe(404)
  })
})
