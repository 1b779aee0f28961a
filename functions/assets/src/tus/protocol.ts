/**
 * The tus 1.0 wire: its version and media type, the headers it reads (integers, Upload-Metadata)
 * and the ones it answers with (progress, Location, the CORS exposure list).
 */
import { GlamError } from '@glam/core'
import type { C, TusUploadMeta } from './types.ts'
import type { TusInfo } from './uploads.ts'

export const TUS_VERSION = '1.0.0'
export const OFFSET_STREAM = 'application/offset+octet-stream'
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

export const invalid = (path: string, message: string) =>
  new GlamError('VALIDATION_FAILED', message, { details: [{ path, code: 'invalid', message }] })

export function headerInt(c: C, name: string): number | undefined {
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

export function metaOf(header: string | undefined, length: number): TusUploadMeta {
  const pairs = parseUploadMetadata(header ?? '')
  const type = pairs.get('type')?.trim()
  // tus-js-client users often send `filename`; `name` wins when both are there.
  const name = pairs.get('name') ?? pairs.get('filename')
  if (!type || type.length > 255) throw invalid('Upload-Metadata', 'Upload-Metadata must carry the type.')
  if (name !== undefined && name.length > 255)
    throw invalid('Upload-Metadata', 'The name is longer than 255 characters.')
  return name === undefined ? { type, length } : { type, name, length }
}

export const principalOf = (c: C) =>
  c.var.principal ? `${c.var.principal.kind}:${c.var.principal.id}` : undefined
export const nowMs = (c: C) => c.var.platform.clock.now().getTime()
export const isOffsetStream = (c: C) =>
  (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase() === OFFSET_STREAM

export function progressHeaders(info: TusInfo): Record<string, string> {
  const headers: Record<string, string> = { 'Upload-Offset': String(info.offset) }
  if (info.asset) {
    headers['Glam-Asset-Id'] = info.asset.id
    headers['Glam-Asset-Url'] = info.asset.url
  } else {
    headers['Upload-Expires'] = new Date(info.expiresAt).toUTCString()
  }
  return headers
}

export function locationOf(c: C, id: string): string {
  const url = new URL(c.req.url)
  url.pathname = `${url.pathname.replace(/\/+$/, '')}/${id}`
  url.search = ''
  return url.href
}

export function exposeHeaders(existing: string | null): string {
  const names = new Set(
    [...(existing ?? '').split(','), ...exposedHeaders].map((h) => h.trim()).filter(Boolean),
  )
  return [...names].join(', ')
}
