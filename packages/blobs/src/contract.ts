/**
 * The BlobStore port's contract: one suite, run on every adapter (memory, filesystem, S3 via
 * s3rver, R2 via Miniflare) by their `*.test.ts`. Each run writes under its own key prefix, so
 * a shared backend needs no cleaning between runs.
 *
 * ```ts
 * blobStoreContract('filesystem', async () => {
 *   const dir = mkdtempSync(join(tmpdir(), 'blobs-'))
 *   return {
 *     store: createFsBlobStore({ dir }),
 *     restart: async () => createFsBlobStore({ dir }),
 *     close: async () => rmSync(dir, { recursive: true, force: true }),
 *   }
 * })
 * ```
 */
import { createHash } from 'node:crypto'
import { type BlobMeta, type BlobRange, type BlobStore, blobBytes } from '@glam/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { chunked, pattern } from './test-bytes.ts'

export { chunked, pattern }

export interface BlobStoreSubject {
  store: BlobStore
  /** Stops the backend and starts it again over the same data; returns the store to use from then on. */
  restart?: () => Promise<BlobStore>
  /** Stops whatever `make` (or the last `restart`) started. */
  close(): Promise<void>
}

/**
 * Contract cases a backend is known to fail, by reason: they are not registered for it (under
 * CI=true a skipped test fails the run); the adapter's own tests pin what the backend does instead.
 */
export type BlobContractGap = 'list-order' | 'atomic-overwrite' | 'concurrent-writers'

export interface BlobContractOptions {
  knownGaps?: Partial<Record<BlobContractGap, string>>
  /** The backend can be restarted over the same data (the subject provides `restart`). */
  restarts?: boolean
}

export const KiB = 1024
export const MiB = 1024 * KiB

export async function readBody(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  return new Uint8Array(await new Response(body).arrayBuffer())
}

export const digest = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex')

/** Byte-exact equality, reported as sizes and digests (a 3 MiB diff helps nobody). */
function expectBytes(actual: Uint8Array, expected: Uint8Array, what = 'body') {
  expect({ [what]: { size: actual.byteLength, sha256: digest(actual) } }).toEqual({
    [what]: { size: expected.byteLength, sha256: digest(expected) },
  })
}

const utf8 = (s: string) => Buffer.from(s, 'utf8')
const byByteOrder = (a: string, b: string) => Buffer.compare(utf8(a), utf8(b))

async function listAll(store: BlobStore, prefix: string, limit?: number) {
  const pages: { items: BlobMeta[]; cursor: string | null }[] = []
  let cursor: string | undefined
  do {
    const page = await store.list({ prefix, ...(limit ? { limit } : {}), ...(cursor ? { cursor } : {}) })
    pages.push(page)
    cursor = page.cursor ?? undefined
    if (pages.length > 200) throw new Error('the cursor never ends')
  } while (cursor)
  return {
    pages,
    items: pages.flatMap((p) => p.items),
    keys: pages.flatMap((p) => p.items.map((i) => i.key)),
  }
}

/** Runs `work` on each item, `concurrency` at a time. */
async function inBatches<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, i: number) => Promise<unknown>,
) {
  for (let i = 0; i < items.length; i += concurrency)
    await Promise.all(items.slice(i, i + concurrency).map((item, j) => work(item, i + j)))
}

export function blobStoreContract(
  name: string,
  make: () => Promise<BlobStoreSubject>,
  options: BlobContractOptions = {},
) {
  describe(`blob store contract: ${name}`, () => {
    let subject: BlobStoreSubject | undefined
    let store: BlobStore
    const run = `contract-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`
    const k = (path: string) => `${run}/${path}`
    const gap = (which: BlobContractGap, title: string, fn: () => Promise<void>, timeout?: number) => {
      const reason = options.knownGaps?.[which]
      if (!reason) it(title, fn, timeout)
    }

    beforeAll(async () => {
      subject = await make()
      store = subject.store
    })
    afterAll(async () => {
      await subject?.close()
    })

    it('names its adapter and reports its health', async () => {
      expect(store.adapter).toMatch(/^[a-z0-9-]+$/)
      expect(store.health).toBeTypeOf('function')
      const health = await store.health!()
      expect(['ok', 'degraded']).toContain(health.status)
      expect(health.detail).toEqual(expect.any(String))
    })

    it('puts bytes and reads them back byte-exact, with their metadata', async () => {
      const key = k('bytes/a.bin')
      const data = pattern(100_003, 1)
      const put = await store.put(key, data, { contentType: 'image/png' })
      expect(put).toMatchObject({ key, size: 100_003, contentType: 'image/png' })
      // The caller's buffer is its own again once the put resolved.
      data.fill(0)
      const got = await store.get(key)
      expect(got).toMatchObject({ key, size: 100_003, contentType: 'image/png' })
      expect(got!.range).toBeUndefined()
      expectBytes(await readBody(got!.body), pattern(100_003, 1))
      if (put.etag !== undefined && got!.etag !== undefined) expect(got!.etag).toBe(put.etag)
      if (got!.uploadedAt !== undefined) {
        expect(got!.uploadedAt).toBeInstanceOf(Date)
        expect(Math.abs(got!.uploadedAt.getTime() - Date.now())).toBeLessThan(10 * 60_000)
      }
    })

    it('streams a 3 MiB ReadableStream in 64 KiB chunks in and out byte-exact', async () => {
      const key = k('stream/3mib.bin')
      const data = pattern(3 * MiB, 2)
      const put = await store.put(key, chunked(data, 64 * KiB), { contentType: 'video/mp4' })
      expect(put).toMatchObject({ key, size: 3 * MiB, contentType: 'video/mp4' })
      const got = await store.get(key)
      expect(got).toMatchObject({ key, size: 3 * MiB, contentType: 'video/mp4' })
      expectBytes(await readBody(got!.body), data)
      // Chunks of odd sizes, down to one byte.
      const odd = pattern(MiB + 3, 3)
      const other = k('stream/odd.bin')
      await store.put(other, chunked(odd, [1, 7, 65_537, 100_000, 3]))
      expectBytes(await readBody((await store.get(other))!.body), odd)
      expect((await store.head(other))!.size).toBe(MiB + 3)
    })

    it('defaults the content type to application/octet-stream, and keeps empty blobs', async () => {
      const key = k('type/default')
      expect(await store.put(key, pattern(10, 4))).toMatchObject({ contentType: 'application/octet-stream' })
      expect(await store.head(key)).toMatchObject({ size: 10, contentType: 'application/octet-stream' })
      const empty = k('type/empty')
      expect(await store.put(empty, new Uint8Array(0), { contentType: 'text/plain' })).toMatchObject({
        size: 0,
      })
      const got = await store.get(empty)
      expect(got).toMatchObject({ key: empty, size: 0, contentType: 'text/plain' })
      expect((await readBody(got!.body)).byteLength).toBe(0)
      const emptyStream = k('type/empty-stream')
      expect(await store.put(emptyStream, chunked(new Uint8Array(0), 10))).toMatchObject({ size: 0 })
      expect(await store.head(emptyStream)).toMatchObject({ size: 0 })
    })

    it('head and has answer without the bytes; a missing key is null or false', async () => {
      const key = k('head/x.txt')
      const put = await store.put(key, pattern(1234, 5), { contentType: 'text/plain; charset=utf-8' })
      const head = await store.head(key)
      expect(head).toMatchObject({ key, size: 1234, contentType: 'text/plain; charset=utf-8' })
      expect(head).not.toHaveProperty('body')
      if (put.etag !== undefined && head!.etag !== undefined) expect(head!.etag).toBe(put.etag)
      expect(await store.has(key)).toBe(true)
      const missing = k('head/missing')
      expect(await store.get(missing)).toBeNull()
      expect(await store.get(missing, { range: { offset: 0, length: 1 } })).toBeNull()
      expect(await store.get(missing, { range: { suffix: 1 } })).toBeNull()
      expect(await store.head(missing)).toBeNull()
      expect(await store.has(missing)).toBe(false)
      // A key that is a prefix of a stored one is not stored itself.
      expect(await store.has(k('head'))).toBe(false)
    })

    it('reads ranges: offset and length, offset to the end, a suffix, and past the end', async () => {
      const key = k('range/1000.bin')
      const data = pattern(1000, 6)
      await store.put(key, data, { contentType: 'application/pdf' })
      const cases: [BlobRange, number, number][] = [
        [{ offset: 10, length: 20 }, 10, 20],
        [{ offset: 0, length: 1 }, 0, 1],
        [{ offset: 990 }, 990, 10],
        [{ offset: 0 }, 0, 1000],
        [{ offset: 999, length: 1 }, 999, 1],
        [{ suffix: 100 }, 900, 100],
        [{ suffix: 1 }, 999, 1],
        [{ suffix: 1000 }, 0, 1000],
        [{ suffix: 5000 }, 0, 1000],
        [{ offset: 995, length: 100 }, 995, 5],
        [{ offset: 1000 }, 1000, 0],
        [{ offset: 5000, length: 10 }, 1000, 0],
        [{ offset: 5, length: 0 }, 5, 0],
        [{ suffix: 0 }, 1000, 0],
      ]
      for (const [range, offset, length] of cases) {
        const got = await store.get(key, { range })
        const what = JSON.stringify(range)
        expect({ what, ...got, body: undefined }).toMatchObject({
          what,
          key,
          size: 1000,
          contentType: 'application/pdf',
          range: { offset, length },
        })
        expectBytes(await readBody(got!.body), data.subarray(offset, offset + length), what)
      }
    })

    it('blobBytes reads a whole blob and a range at once, through bytes() where the adapter has it', async () => {
      const key = k('bytes/whole.bin')
      const data = pattern(300_007, 9)
      await store.put(key, data)
      expectBytes(await blobBytes((await store.get(key))!), data)
      const part = (await store.get(key, { range: { offset: 100_000, length: 5 } }))!
      expectBytes(await blobBytes(part), data.subarray(100_000, 100_005))
      expectBytes(await blobBytes((await store.get(key, { range: { suffix: 7 } }))!), data.subarray(-7))
      await store.put(k('bytes/empty.bin'), new Uint8Array(0))
      expect((await blobBytes((await store.get(k('bytes/empty.bin')))!)).byteLength).toBe(0)
    })

    it('reads any range of an empty blob as nothing', async () => {
      const key = k('range/empty')
      await store.put(key, new Uint8Array(0))
      for (const range of [{ offset: 0 }, { offset: 0, length: 5 }, { suffix: 10 }, { offset: 3 }]) {
        const got = await store.get(key, { range })
        expect(got).toMatchObject({ size: 0, range: { offset: 0, length: 0 } })
        expect((await readBody(got!.body)).byteLength).toBe(0)
      }
    })

    it('refuses malformed ranges with a TypeError', async () => {
      const key = k('range/bad')
      await store.put(key, pattern(10, 7))
      const bad = [
        { offset: -1 },
        { offset: 1.5 },
        { offset: Number.NaN },
        { offset: 0, length: -1 },
        { offset: 0, length: 0.5 },
        { suffix: -1 },
        { suffix: Number.POSITIVE_INFINITY },
      ] as BlobRange[]
      for (const range of bad) await expect(store.get(key, { range })).rejects.toThrow(TypeError)
    })

    it('lists by prefix with a cursor, over more than one page', async () => {
      const prefix = k('page/')
      const names = Array.from({ length: 25 }, (_, i) => `k${String(i).padStart(2, '0')}`)
      // Written out of order: the order listed is the store's doing.
      const shuffled = [...names].sort((a, b) => digest(utf8(a)).localeCompare(digest(utf8(b))))
      await inBatches(shuffled, 5, (n) =>
        store.put(`${prefix}${n}`, pattern(Number(n.slice(1)) + 1, 8), { contentType: 'text/csv' }),
      )
      const { pages, items, keys } = await listAll(store, prefix, 10)
      expect(pages.length).toBeGreaterThanOrEqual(3)
      for (const page of pages) expect(page.items.length).toBeLessThanOrEqual(10)
      expect(pages.at(-1)!.cursor).toBeNull()
      expect(keys).toEqual(names.map((n) => `${prefix}${n}`))
      for (const item of items)
        expect(item).toMatchObject({ size: Number(item.key.slice(-2)) + 1, contentType: 'text/csv' })
    })

    gap('list-order', 'lists in UTF-8 byte order (code point order), not UTF-16 order', async () => {
      const prefix = k('order/')
      const names = ['~', 'a', 'B', '0', 'é', 'ß', '\uFF5E', '\u{1F600}', 'Z', '\uE000', 'z']
      await inBatches(names, 6, (n) => store.put(`${prefix}${n}`, utf8(n)))
      const { keys } = await listAll(store, prefix, 3)
      expect(keys).toEqual(names.map((n) => `${prefix}${n}`).sort(byByteOrder))
      // Where UTF-16 order differs: U+FF5E sorts before U+1F600 in UTF-8, after it in UTF-16.
      expect(keys.indexOf(`${prefix}\uFF5E`)).toBeLessThan(keys.indexOf(`${prefix}\u{1F600}`))
    })

    gap('list-order', 'lists a key before the keys it prefixes, across "/" segments', async () => {
      const prefix = k('nest/')
      const names = ['a', 'a/b', 'a/b/c', 'a-b', 'a.b', 'a0', 'a/b0', 'b']
      await inBatches(names, 4, (n) => store.put(`${prefix}${n}`, utf8(n)))
      const { keys } = await listAll(store, prefix, 2)
      expect(keys.map((key) => key.slice(prefix.length))).toEqual([
        'a',
        'a-b',
        'a.b',
        'a/b',
        'a/b/c',
        'a/b0',
        'a0',
        'b',
      ])
    })

    it('keeps prefixes apart', async () => {
      const names = ['iso/a/1', 'iso/a/2', 'iso/ab/1', 'iso/a-b', 'isolated/x']
      await inBatches(names, 5, (n) => store.put(k(n), utf8(n)))
      const listed = async (prefix: string) => (await listAll(store, k(prefix))).keys.sort()
      expect(await listed('iso/a/')).toEqual([k('iso/a/1'), k('iso/a/2')])
      expect(await listed('iso/a')).toEqual([k('iso/a-b'), k('iso/a/1'), k('iso/a/2'), k('iso/ab/1')].sort())
      expect(await listed('iso/')).toHaveLength(4)
      expect(await listed('isolated')).toEqual([k('isolated/x')])
      expect(await store.list({ prefix: k('nothing/') })).toEqual({ items: [], cursor: null })
    })

    it('pages 100 at a time by default, at most 1,000, and refuses a limit below 1', async () => {
      const prefix = k('many/')
      const names = Array.from({ length: 105 }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`)
      await inBatches(names, 15, (key) => store.put(key, utf8(key)))
      const first = await store.list({ prefix })
      expect(first.items.length).toBeGreaterThan(0)
      expect(first.items.length).toBeLessThanOrEqual(100)
      expect(first.cursor).not.toBeNull()
      expect((await listAll(store, prefix)).keys).toEqual(names)
      const big = await store.list({ prefix, limit: 5000 })
      expect(big.items.length).toBeLessThanOrEqual(1000)
      for (const limit of [0, -1, 1.5]) await expect(store.list({ prefix, limit })).rejects.toThrow(TypeError)
    })

    it('deletes, and deleting a missing key is fine', async () => {
      const key = k('delete/x')
      await store.put(key, pattern(100, 9))
      await store.put(k('delete/y'), pattern(100, 9))
      await store.delete(key)
      expect(await store.get(key)).toBeNull()
      expect(await store.head(key)).toBeNull()
      expect(await store.has(key)).toBe(false)
      expect((await listAll(store, k('delete/'))).keys).toEqual([k('delete/y')])
      await store.delete(key)
      await store.delete(k('delete/never/was'))
      expect(await store.has(k('delete/y'))).toBe(true)
    })

    it('moves a blob to a new key (replacing what it held), keeping bytes and content type', async () => {
      const from = k('move/tmp/upload-1')
      const to = k('move/content/abc')
      await store.put(from, pattern(200_001, 4), { contentType: 'image/webp' })
      await store.put(to, pattern(10, 5), { contentType: 'text/plain' })
      const moved = await store.move(from, to)
      expect(moved).toMatchObject({ key: to, size: 200_001, contentType: 'image/webp' })
      expect(await store.has(from)).toBe(false)
      expect(await store.get(from)).toBeNull()
      const got = await store.get(to)
      expect(got).toMatchObject({ key: to, size: 200_001, contentType: 'image/webp' })
      expectBytes(await readBody(got!.body), pattern(200_001, 4))
      expect((await listAll(store, k('move/'))).keys).toEqual([to])
      // A missing source is null and changes nothing; moving a key onto itself keeps it.
      expect(await store.move(k('move/never/was'), to)).toBeNull()
      expect(await store.move(to, to)).toMatchObject({ key: to, size: 200_001 })
      expect(await store.has(to)).toBe(true)
      await expect(store.move('../escape', to)).rejects.toThrow(TypeError)
    })

    it('moves a 3 MiB streamed blob byte-exact', async () => {
      const from = k('move/big/tmp')
      const to = k('move/big/final')
      const data = pattern(3 * 1024 * 1024 + 7, 6)
      await store.put(from, chunked(data, 64 * 1024))
      await store.move(from, to)
      expectBytes(await readBody((await store.get(to))!.body), data)
    })

    gap('atomic-overwrite', 'an overwrite replaces the blob whole; a reader sees one version', async () => {
      const key = k('overwrite/x')
      const a = pattern(512 * KiB, 10)
      const b = pattern(512 * KiB, 11)
      await store.put(key, a, { contentType: 'image/jpeg' })
      const before = await store.get(key)
      await store.put(key, chunked(b, 64 * KiB), { contentType: 'image/webp' })
      expect(await store.head(key)).toMatchObject({ size: 512 * KiB, contentType: 'image/webp' })
      const after = await store.get(key)
      expect(after).toMatchObject({ contentType: 'image/webp' })
      expectBytes(await readBody(after!.body), b)
      // Opened before the overwrite: the old version whole, or an error, never a mix.
      const old = await readBody(before!.body).catch(() => null)
      if (old) expectBytes(old, a, 'the body opened before the overwrite')
      // Readers during an overwrite see one version or the other, each whole.
      const versions = new Map([
        [digest(a), 'a'],
        [digest(b), 'b'],
      ])
      const reads = Array.from({ length: 4 }, async () => {
        const got = await store.get(key)
        const bytes = await readBody(got!.body).catch(() => null)
        return bytes && versions.get(digest(bytes))
      })
      await Promise.all([store.put(key, chunked(a, 64 * KiB), { contentType: 'image/jpeg' }), ...reads])
      // null: the read failed (allowed); undefined: it read bytes of neither version (a mix).
      expect(await Promise.all(reads)).not.toContain(undefined)
    })

    gap(
      'concurrent-writers',
      'two concurrent writers of one key both resolve, and one whole version stays',
      async () => {
        const key = k('race/x')
        const a = pattern(MiB, 12)
        const b = pattern(MiB, 13)
        for (const asStream of [true, false]) {
          const [putA, putB] = await Promise.all([
            store.put(key, asStream ? chunked(a, 64 * KiB) : a, { contentType: 'application/x-a' }),
            store.put(key, asStream ? chunked(b, 64 * KiB) : b, { contentType: 'application/x-b' }),
          ])
          expect(putA.size).toBe(MiB)
          expect(putB.size).toBe(MiB)
          const got = await store.get(key)
          const bytes = await readBody(got!.body)
          const winner = digest(bytes) === digest(a) ? 'a' : digest(bytes) === digest(b) ? 'b' : 'a mix'
          expect(winner).not.toBe('a mix')
          expect(got).toMatchObject({ size: MiB, contentType: `application/x-${winner}` })
          const winnerPut = winner === 'a' ? putA : putB
          if (winnerPut.etag !== undefined && got!.etag !== undefined) expect(got!.etag).toBe(winnerPut.etag)
        }
      },
    )

    it('refuses invalid keys and content types with a TypeError, and stores nothing', async () => {
      const bad = [
        '',
        '/abs',
        '..',
        '.',
        'a/..',
        k('bad//x'),
        k('bad/./x'),
        k('bad/../x'),
        k('bad/x/'),
        k('bad/x\u0000y'),
        k('bad/x\ny'),
        k('bad/x\u007f'),
        k('bad/x\u0085'),
        k(`bad/${'x'.repeat(1100)}`),
        k('bad/\ud800'),
        42 as unknown as string,
      ]
      for (const key of bad) {
        const what = JSON.stringify(key)
        await expect(store.put(key, pattern(10, 14)), what).rejects.toThrow(TypeError)
        let cancelled = false
        const stream = chunked(pattern(10, 14), 5, { onCancel: () => (cancelled = true) })
        await expect(store.put(key, stream), what).rejects.toThrow(TypeError)
        expect(cancelled, `${what}: the refused stream is cancelled`).toBe(true)
        await expect(store.get(key), what).rejects.toThrow(TypeError)
        await expect(store.head(key), what).rejects.toThrow(TypeError)
        await expect(store.has(key), what).rejects.toThrow(TypeError)
        await expect(store.delete(key), what).rejects.toThrow(TypeError)
      }
      await expect(store.put('a//b', pattern(1, 1))).rejects.toThrow(/empty segment/)
      for (const prefix of ['/x', 'a\u0000', '\udc00'])
        await expect(store.list({ prefix }), prefix).rejects.toThrow(TypeError)
      for (const contentType of ['no-slash', 'text/plain\r\nx-injected: 1', 'x/'.repeat(200)])
        await expect(store.put(k('bad/type'), pattern(1, 1), { contentType })).rejects.toThrow(TypeError)
      expect(await store.list({ prefix: k('bad') })).toEqual({ items: [], cursor: null })
    })

    it('accepts unusual but valid keys', async () => {
      const names = [
        'sp ace',
        '+plus+',
        'pct%25and%',
        'amp&lt;<>',
        `quote"'`,
        'ü/ß/€',
        '😀',
        '.hidden',
        '..dots',
        '...',
        'a.b',
        '(paren)*!',
        '#hash?q=1&x',
        'back\\slash',
        '~tilde',
        ' lead and trail ',
        'tab-less;semi,comma=eq@at$',
      ]
      const keys = names.map((n) => k(`odd/${n}`))
      await inBatches(keys, 6, (key) => store.put(key, utf8(key), { contentType: 'text/plain' }))
      for (const key of keys) {
        const got = await store.get(key)
        expect(got, JSON.stringify(key)).toMatchObject({ key, size: utf8(key).byteLength })
        expect(Buffer.from(await readBody(got!.body)).toString('utf8')).toBe(key)
      }
      expect((await listAll(store, k('odd/'))).keys.sort()).toEqual([...keys].sort())
      for (const key of keys) await store.delete(key)
      expect((await store.list({ prefix: k('odd/') })).items).toEqual([])
    })

    it('accepts keys of exactly 1,024 bytes of UTF-8, and refuses 1,025', async () => {
      // Segments of at most 200 bytes: S3 servers on a filesystem cap a segment at 255.
      const fill = (start: string, unit: string) => {
        let key = start
        let segment = 0
        for (;;) {
          const room = 1024 - utf8(key).byteLength
          if (room === 0) return key
          if (segment + utf8(unit).byteLength > 200 && room >= 2) {
            key += '/'
            segment = 0
            continue
          }
          const piece = room >= utf8(unit).byteLength ? unit : 'a'
          key += piece
          segment += utf8(piece).byteLength
        }
      }
      for (const unit of ['a', 'é', '😀']) {
        const key = fill(k(`long-${unit.codePointAt(0)}/`), unit)
        expect(utf8(key).byteLength).toBe(1024)
        await store.put(key, utf8(unit))
        expect(await store.head(key)).toMatchObject({ key, size: utf8(unit).byteLength })
        expect((await listAll(store, k(`long-${unit.codePointAt(0)}/`))).keys).toEqual([key])
        await expect(store.put(`${key}b`, utf8(unit))).rejects.toThrow(TypeError)
      }
    })

    it('a put from a failing stream stores nothing and keeps the old blob', async () => {
      const key = k('failing/x')
      const old = pattern(1000, 15)
      await store.put(key, old, { contentType: 'text/old' })
      const failing = chunked(pattern(256 * KiB, 16), 64 * KiB, { failAfter: 2 })
      await expect(store.put(key, failing, { contentType: 'text/new' })).rejects.toThrow(
        'the producer failed',
      )
      const got = await store.get(key)
      expect(got).toMatchObject({ size: 1000, contentType: 'text/old' })
      expectBytes(await readBody(got!.body), old)
      const fresh = k('failing/fresh')
      await expect(store.put(fresh, chunked(pattern(1000, 17), 100, { failAfter: 3 }))).rejects.toThrow(
        'the producer failed',
      )
      expect(await store.has(fresh)).toBe(false)
    })

    ;(options.restarts ? it : () => undefined)('keeps everything across a restart', async () => {
      if (!subject?.restart)
        throw new Error('the contract options say the backend restarts, but the subject cannot')
      const blobs = [
        { key: k('restart/bytes.png'), data: pattern(10_000, 18), contentType: 'image/png', stream: false },
        {
          key: k('restart/stream.bin'),
          data: pattern(MiB + 1, 19),
          contentType: 'application/zip',
          stream: true,
        },
        { key: k('restart/empty'), data: new Uint8Array(0), contentType: 'text/plain', stream: false },
      ]
      for (const b of blobs)
        await store.put(b.key, b.stream ? chunked(b.data, 64 * KiB) : b.data, { contentType: b.contentType })
      const before = await Promise.all(blobs.map((b) => store.head(b.key)))
      store = await subject.restart()
      for (const [i, b] of blobs.entries()) {
        const got = await store.get(b.key)
        expect(got).toMatchObject({ key: b.key, size: b.data.byteLength, contentType: b.contentType })
        expect({ ...got, body: undefined }).toEqual({ ...before[i], body: undefined })
        expectBytes(await readBody(got!.body), b.data)
      }
      expect((await listAll(store, k('restart/'))).keys).toEqual(blobs.map((b) => b.key).sort(byByteOrder))
      expect((await listAll(store, k('page/'), 10)).keys).toHaveLength(25)
      await store.delete(blobs[0]!.key)
      expect(await store.has(blobs[0]!.key)).toBe(false)
    })
  })
}
