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
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
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
