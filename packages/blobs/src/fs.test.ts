import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { blobStoreContract, chunked, MiB, pattern, readBody } from './contract.ts'
import { createFsBlobStore, headerBytes } from './fs.ts'

const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'glam-blobs-fs-'))
  dirs.push(dir)
  return dir
}
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

blobStoreContract(
  'filesystem',
  async () => {
    const dir = tempDir()
    return {
      store: createFsBlobStore({ dir }),
      restart: async () => createFsBlobStore({ dir }),
      close: async () => {
        // Every put renamed its temp file away, or removed it when it failed.
        expect(readdirSync(join(dir, 'tmp'))).toEqual([])
      },
    }
  },
  { restarts: true },
)

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex')

describe('filesystem adapter', () => {
  it('keeps a blob in one file named by the hash of its key: a 4 KiB header, then the bytes', async () => {
    const dir = tempDir()
    const store = createFsBlobStore({ dir })
    const data = pattern(5000, 1)
    const put = await store.put('img/ab/photo.jpg', data, { contentType: 'image/jpeg' })
    const name = sha256('img/ab/photo.jpg')
    const file = join(dir, 'objects', name.slice(0, 2), name.slice(2, 4), name)
    const bytes = readFileSync(file)
    expect(bytes.byteLength).toBe(headerBytes + 5000)
    const header = bytes.subarray(0, headerBytes).toString('utf8')
    expect(header.startsWith('glam-blob 1\n')).toBe(true)
    expect(JSON.parse(header.slice('glam-blob 1\n'.length).trimEnd())).toEqual({
      key: 'img/ab/photo.jpg',
      size: 5000,
      contentType: 'image/jpeg',
      etag: sha256(data),
      uploadedAt: put.uploadedAt!.toISOString(),
    })
    expect(Buffer.compare(bytes.subarray(headerBytes), Buffer.from(data))).toBe(0)
    expect(put.etag).toBe(sha256(data))
  })

  it('a reader keeps the version it opened while a writer replaces it', async () => {
    const store = createFsBlobStore({ dir: tempDir() })
    const a = pattern(2 * MiB, 2)
    await store.put('x', a)
    const reading = await store.get('x', { range: { offset: MiB } })
    await store.put('x', chunked(pattern(2 * MiB, 3), 64 * 1024))
    await store.delete('x')
    expect(Buffer.compare(Buffer.from(await readBody(reading!.body)), Buffer.from(a.subarray(MiB)))).toBe(0)
  })

  it('gathers small chunks into larger writes without mixing up a byte', async () => {
    const dir = tempDir()
    const store = createFsBlobStore({ dir })
    const data = pattern(5 * MiB + 7, 5)
    // Tiny, odd, just under, at and over the 1 MiB write batch, so every branch and seam is hit.
    const sizes = [1, 7, 65_536, MiB - 3, MiB, 3, MiB + 5, 16_384, 2 * MiB]
    const put = await store.put('batched', chunked(data, sizes))
    expect(put).toMatchObject({ size: data.byteLength, etag: sha256(data) })
    const got = await store.get('batched')
    expect(Buffer.compare(Buffer.from(await readBody(got!.body)), Buffer.from(data))).toBe(0)
    const name = sha256('batched')
    const file = readFileSync(join(dir, 'objects', name.slice(0, 2), name.slice(2, 4), name))
    expect(file.byteLength).toBe(headerBytes + data.byteLength)
    expect(readdirSync(join(dir, 'tmp'))).toEqual([])
  })

  it('copies what it gathers: a producer may reuse its buffer for the next chunk', async () => {
    const store = createFsBlobStore({ dir: tempDir() })
    const data = pattern(3 * MiB + 11, 6)
    const scratch = new Uint8Array(40_000)
    let at = 0
    const stream = new ReadableStream<Uint8Array>(
      {
        pull(controller) {
          if (at >= data.byteLength) return controller.close()
          const part = data.subarray(at, at + scratch.byteLength)
          scratch.set(part)
          controller.enqueue(scratch.subarray(0, part.byteLength))
          at += part.byteLength
        },
      },
      { highWaterMark: 0 },
    )
    expect(await store.put('reused', stream)).toMatchObject({ etag: sha256(data) })
    const got = await store.get('reused')
    expect(Buffer.compare(Buffer.from(await readBody(got!.body)), Buffer.from(data))).toBe(0)
  })

  it('syncs a long stream as it goes, and a failed write or sync fails the put and leaves nothing', async () => {
    const dir = tempDir()
    const store = createFsBlobStore({ dir })
    const probe = await open(join(dir, 'probe'), 'w')
    const handle = Object.getPrototypeOf(probe) as FileHandle
    await probe.close()
    const data = pattern(40 * MiB + 1, 7)
    const syncs = vi.spyOn(handle, 'datasync')
    try {
      expect(await store.put('long', chunked(data, 64 * 1024))).toMatchObject({ etag: sha256(data) })
      expect(syncs).toHaveBeenCalled()
      syncs.mockRejectedValueOnce(new Error('EIO: the disk failed a sync'))
      await expect(store.put('sync-fails', chunked(data, 64 * 1024))).rejects.toThrow(/failed a sync/)
    } finally {
      syncs.mockRestore()
    }
    let writes = 0
    const write = handle.write
    const failing = vi.spyOn(handle, 'write').mockImplementation(function (
      this: FileHandle,
      ...args: unknown[]
    ) {
      if (++writes === 5) return Promise.reject(new Error('ENOSPC: the disk is full'))
      return (write as (...a: unknown[]) => Promise<unknown>).apply(this, args)
    } as FileHandle['write'])
    try {
      await expect(store.put('write-fails', chunked(data, 64 * 1024))).rejects.toThrow(/disk is full/)
    } finally {
      failing.mockRestore()
    }
    expect(await store.has('sync-fails')).toBe(false)
    expect(await store.has('write-fails')).toBe(false)
    expect(readdirSync(join(dir, 'tmp'))).toEqual([])
    const got = await store.get('long')
    expect(Buffer.compare(Buffer.from(await readBody(got!.body)), Buffer.from(data))).toBe(0)
  })

  it('refuses a blob file that does not match its header', async () => {
    const dir = tempDir()
    const store = createFsBlobStore({ dir })
    await store.put('cut', pattern(100, 4))
    const name = sha256('cut')
    const file = join(dir, 'objects', name.slice(0, 2), name.slice(2, 4), name)
    writeFileSync(file, readFileSync(file).subarray(0, headerBytes + 50))
    await expect(store.get('cut')).rejects.toThrow(/its header says 4096 \+ 100/)
    writeFileSync(file, 'not a blob')
    await expect(store.head('cut')).rejects.toThrow(/truncated|not a blob file/)
  })

  it('removes temp files a crash left behind, when they are old', async () => {
    const dir = tempDir()
    createFsBlobStore({ dir })
    const old = join(dir, 'tmp', 'old.tmp')
    const recent = join(dir, 'tmp', 'recent.tmp')
    writeFileSync(old, 'x')
    writeFileSync(recent, 'x')
    const twoDaysAgo = new Date(Date.now() - 48 * 3600_000)
    utimesSync(old, twoDaysAgo, twoDaysAgo)
    createFsBlobStore({ dir })
    expect(existsSync(old)).toBe(false)
    expect(existsSync(recent)).toBe(true)
  })

  it('reports free space, and degraded below the minimum', async () => {
    const dir = tempDir()
    expect(await createFsBlobStore({ dir, minFreeBytes: 1 }).health!()).toMatchObject({
      status: 'ok',
      detail: expect.stringMatching(/GiB free$/),
      freeBytes: expect.any(Number),
    })
    expect(await createFsBlobStore({ dir, minFreeBytes: Number.MAX_SAFE_INTEGER }).health!()).toMatchObject({
      status: 'degraded',
      detail: expect.stringContaining('below'),
    })
  })

  it('refuses a missing dir option', () => {
    expect(() => createFsBlobStore({} as { dir: string })).toThrow(TypeError)
  })
})
