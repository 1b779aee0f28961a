/**
 * Public originals, kept per process for delivery: what a hash is (format, size, name) and, for
 * small files, the bytes themselves. Content addressing makes this safe: the bytes of a hash
 * never change; only whether they may still be served does (a deletion), so entries live 30 s
 * and a deletion in this process forgets its hash at once. Private assets are never kept: each
 * of their requests is checked again. Up to 64 MiB of bytes, files up to 512 KiB each.
 *
 * ```ts
 * const original = publicOriginal(platform, sha256) ?? (await lookUp…)
 * ```
 */
import { localSlot, type Platform } from '@glam/core'
import { LRUCache } from 'lru-cache'
import { type Format, formats } from './formats.ts'

export interface PublicOriginal {
  sha256: string
  format: string
  ext: string
  contentType: string
  size: number
  name: string
  inline: boolean
}

/** How a record's bytes are delivered (under `name`, the record's own by default); undefined for an unknown format. */
export function originalOf(
  record: { sha256: string; format: string; size: number; name: string },
  name = record.name,
): PublicOriginal | undefined {
  const info = formats[record.format as Format]
  if (!info) return undefined
  const { sha256, format, size } = record
  return { sha256, format, ext: info.ext, contentType: info.contentType, size, name, inline: info.inline }
}

/** Files up to this size are kept in memory once read. */
export const keptBytesLimit = 512 * 1024
const ttl = 30_000

const slot = localSlot('assets.public-originals', () => ({
  originals: new LRUCache<string, PublicOriginal>({ max: 20_000, ttl }),
  bytes: new LRUCache<string, Uint8Array>({
    maxSize: 64 * 1024 * 1024,
    sizeCalculation: (b) => Math.max(1, b.byteLength),
    ttl,
  }),
}))

const cacheOf = (platform: Pick<Platform, 'local'>) => platform.local.of(slot)

export const publicOriginal = (platform: Pick<Platform, 'local'>, sha256: string) =>
  cacheOf(platform).originals.get(sha256)

export const publicBytes = (platform: Pick<Platform, 'local'>, sha256: string) =>
  cacheOf(platform).bytes.get(sha256)

export function keepPublicOriginal(platform: Pick<Platform, 'local'>, original: PublicOriginal) {
  cacheOf(platform).originals.set(original.sha256, original)
}

export function keepPublicBytes(platform: Pick<Platform, 'local'>, sha256: string, bytes: Uint8Array) {
  if (bytes.byteLength <= keptBytesLimit) cacheOf(platform).bytes.set(sha256, bytes)
}

/** Forgets a hash (its record was deleted, or its blob collected). */
export function forgetOriginal(platform: Pick<Platform, 'local'>, sha256: string) {
  const cache = cacheOf(platform)
  cache.originals.delete(sha256)
  cache.bytes.delete(sha256)
}
