/**
 * Raw copies of blobs for a fronting nginx (GLAM_ASSETS_ACCEL=nginx): `<dir>/<ab>/<name>`, written
 * once from the blob store (temp file, fsync, rename: nginx never sees half a file) and served by
 * nginx through an `internal` location (`X-Accel-Redirect: <location><ab>/<name>`), with sendfile,
 * ranges and HEAD handled by nginx. The blob store stays the source of truth; a copy is made on
 * the first delivery and removed when the blob is collected.
 */
import { randomUUID } from 'node:crypto'
import { createWriteStream } from 'node:fs'
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import type { AccelFiles } from '@glam/core'
import { LRUCache } from 'lru-cache'

const namePattern = /^[0-9a-f]{64}$/
/** `i/<sha256>/card.webp`: segments of letters, digits, `.`, `_`, `-`, none starting with a dot. */
const placedPattern = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9_-][a-z0-9._-]*){1,4}$/

/** Removes `.tmp` files a crash left in the shards (older than an hour: never one being written). */
async function sweepTemporary(dir: string) {
  const before = Date.now() - 3600_000
  const shards = await readdir(dir).catch(() => [] as string[])
  for (const shard of shards.filter((s) => /^[0-9a-f]{2}$/.test(s)))
    for (const name of await readdir(join(dir, shard)).catch(() => [] as string[])) {
      if (!name.endsWith('.tmp')) continue
      const path = join(dir, shard, name)
      const info = await stat(path).catch(() => null)
      if (info && info.mtimeMs < before) await rm(path, { force: true }).catch(() => {})
    }
}

export function createFsAccelFiles(options: { dir: string; location: string }): AccelFiles {
  const dir = resolve(options.dir)
  const where = (name: string) => {
    if (!namePattern.test(name)) throw new TypeError(`accel: ${JSON.stringify(name)} is not a SHA-256`)
    return {
      shard: join(dir, name.slice(0, 2)),
      file: join(dir, name.slice(0, 2), name),
      uri: `${options.location}${name.slice(0, 2)}/${name}`,
    }
  }
  /** A placed copy's file: a relative path of plain segments (no dot files, no `..`), under `dir`. */
  const placedFile = (path: string) => {
    if (!placedPattern.test(path))
      throw new TypeError(`accel: ${JSON.stringify(path)} is not a placeable path`)
    return join(dir, path)
  }
  // Paths placed by this process: written once.
  const placed = new LRUCache<string, true>({ max: 100_000 })
  void sweepTemporary(dir)
  const writing = new Map<string, Promise<boolean>>()
  // Copies known to be on disk (seen or written by this process): no stat per request.
  const known = new LRUCache<string, string>({ max: 100_000 })

  async function write(
    name: string,
    open: () => Promise<ReadableStream<Uint8Array> | null>,
  ): Promise<boolean> {
    const { shard, file } = where(name)
    const body = await open()
    if (!body) return false
    await mkdir(shard, { recursive: true })
    const temp = join(shard, `.${randomUUID()}.tmp`)
    try {
      const out = createWriteStream(temp, { flags: 'wx', mode: 0o644, flush: true })
      await pipeline(Readable.fromWeb(body as import('node:stream/web').ReadableStream), out)
      await rename(temp, file)
      return true
    } catch (err) {
      await rm(temp, { force: true }).catch(() => {})
      throw err
    }
  }

  return {
    published: (name) => known.get(name),
    async publish(name, open, size) {
      const held = known.get(name)
      if (held) return held
      const { file, uri } = where(name)
      try {
        const found = await stat(file)
        if (size === undefined || found.size === size) {
          known.set(name, uri)
          return uri
        }
        await rm(file, { force: true })
      } catch {
        // Not copied yet: one writer per name, the others wait for it.
      }
      let pending = writing.get(name)
      if (!pending) {
        pending = write(name, open).finally(() => writing.delete(name))
        writing.set(name, pending)
      }
      if (!(await pending)) return null
      known.set(name, uri)
      return uri
    },
    async remove(name) {
      known.delete(name)
      await rm(where(name).file, { force: true })
    },
    async place(path, bytes) {
      const file = placedFile(path)
      if (placed.has(path)) return
      await mkdir(dirname(file), { recursive: true })
      const temp = join(dirname(file), `.${randomUUID()}.tmp`)
      try {
        await writeFile(temp, bytes, { flag: 'wx', mode: 0o644 })
        await rename(temp, file)
      } catch (err) {
        await rm(temp, { force: true }).catch(() => {})
        throw err
      }
      placed.set(path, true)
    },
    async placedSources(prefix) {
      if (!/^[a-z0-9][a-z0-9_-]*$/.test(prefix))
        throw new TypeError(`accel: ${JSON.stringify(prefix)} is not a placed directory`)
      const names = await readdir(join(dir, prefix)).catch(() => [] as string[])
      return names.filter((n) => /^[0-9a-f]{64}$/.test(n))
    },
    async removePlaced(prefix) {
      const target = placedFile(prefix)
      for (const path of placed.keys())
        if (path === prefix || path.startsWith(`${prefix}/`)) placed.delete(path)
      await rm(target, { recursive: true, force: true })
    },
  }
}
