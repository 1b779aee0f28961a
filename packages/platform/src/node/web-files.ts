/**
 * The built web apps from disk (Node and Deno containers): `<root>/<path>` for each root, e.g.
 * `web/dashboard/dist` holding `app/index.html` and `app/assets/*`. Paths are checked before
 * they touch the disk (no `..`, no dot files, nothing outside a root); the strong validator is
 * the file's size and modification time. Files up to 1 MB are kept in memory (4 MB in all, the
 * builds are a few hundred KB) while their size and time stay the same: one stat per request,
 * the bytes written straight out; bigger ones are streamed from disk.
 */
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { Readable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { WebFile, WebFiles } from '@glam/core'
import { LRUCache } from 'lru-cache'

/** What the builds emit; anything else is served as bytes. */
const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
}

/** Segments of letters, digits, `.`, `_`, `-`, `@`, none starting with a dot. */
const pathPattern = /^(\/[A-Za-z0-9_@-][A-Za-z0-9._@-]*)+$/

/** The repository's web builds: the dashboard's `dist` (its files are under `app/`). */
export const defaultWebRoots = () => [
  fileURLToPath(new URL('../../../../web/dashboard/dist', import.meta.url)),
]

const inMemory = 1024 * 1024

export function createFsWebFiles(roots: readonly string[] = defaultWebRoots()): WebFiles {
  const resolved = roots.map((r) => resolve(r))
  const kept = new LRUCache<string, { etag: string; bytes: Uint8Array }>({
    maxSize: 4 * inMemory,
    sizeCalculation: (v) => v.bytes.byteLength || 1,
  })
  return {
    async get(path) {
      if (!pathPattern.test(path) || path.length > 512) return null
      for (const root of resolved) {
        const file = join(root, path)
        if (!file.startsWith(root + sep)) continue
        const info = await stat(file).catch(() => null)
        if (!info?.isFile()) continue
        const etag = `"${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}"`
        const type = types[extname(file).toLowerCase()] ?? 'application/octet-stream'
        if (info.size <= inMemory) {
          let entry = kept.get(file)
          if (entry?.etag !== etag) {
            const bytes = await readFile(file).catch(() => null)
            if (!bytes || bytes.byteLength !== info.size) return null
            entry = { etag, bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) }
            kept.set(file, entry)
          }
          const { bytes } = entry
          return { open: () => bytes, type, etag, size: info.size } satisfies WebFile
        }
        return {
          open: () => Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>,
          type,
          etag,
          size: info.size,
        } satisfies WebFile
      }
      return null
    },
  }
}
