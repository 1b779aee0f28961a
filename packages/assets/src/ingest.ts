/**
 * One upload from a byte stream to a temporary blob, checked on the way: the first 64 KiB are
 * held back and sniffed (the type comes from the bytes, never from a name or header), then every
 * byte streams through the size limit, SHA-256 and the format's inspector into a temporary blob;
 * nothing is ever buffered whole. An upload that breaks a rule is refused with its code
 * (UNSUPPORTED_MEDIA_TYPE 415, PAYLOAD_TOO_LARGE 413, INVALID_IMAGE 422) and its temporary blob
 * is deleted, so nothing is stored. `storeAsset` (store.ts) then moves it to its content address.
 *
 * ```ts
 * const ingested = await ingest(platform, { body: c.req.raw.body!, rule })
 * ```
 */
import { createHash } from 'node:crypto'
import { blobBytes, GlamError, type Platform } from '@glam/core'
import './errors.ts'
import { type Format, type FormatInfo, formats } from './formats.ts'
import { createInspector } from './inspect/index.ts'
import { pdfPageCount } from './pdf.ts'
import { sniff, sniffBytes } from './sniff.ts'
import type { AssetRule } from './types.ts'

export interface IngestInput {
  body: ReadableStream<Uint8Array>
  rule: AssetRule
  /** A length the client declared (Content-Length, Upload-Length): refused at once when too large. */
  declaredLength?: number
  /** Decoded pixels an image may have (pixel floods). Default 100 million. */
  maxPixels?: number
}

export interface Ingested {
  /** The temporary blob holding the bytes (moved by storeAsset, deleted by discardIngested). */
  tempKey: string
  sha256: string
  size: number
  format: Format
  info: FormatInfo
  width: number | null
  height: number | null
  pages: number | null
  placeholder: string | null
}

export const tempPrefix = 'uploads/tmp/'

const labels: Record<Format, string> = {
  jpeg: 'JPEG',
  png: 'PNG',
  webp: 'WebP',
  avif: 'AVIF',
  gif: 'GIF',
  pdf: 'PDF',
  dxf: 'DXF',
  step: 'STEP',
  csv: 'CSV',
  tsv: 'TSV',
  xml: 'XML',
  json: 'JSON',
  ndjson: 'NDJSON',
  gzip: 'gzip',
  zip: 'zip',
}

const mb = (bytes: number) => `${Math.round(bytes / 100_000) / 10} MB`

const tooLarge = (rule: AssetRule) =>
  new GlamError('PAYLOAD_TOO_LARGE', `A ${rule.type} may be at most ${mb(rule.maxBytes)}.`, {
    details: { maxBytes: rule.maxBytes },
  })

/** Reads until `bytes` are held (or the stream ends); what it read, in order. */
async function readHead(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  bytes: number,
  max: number,
  rule: AssetRule,
) {
  const chunks: Uint8Array[] = []
  let held = 0
  let done = false
  while (held < bytes) {
    const next = await reader.read()
    if (next.done) {
      done = true
      break
    }
    chunks.push(next.value)
    held += next.value.byteLength
    if (held > max) throw tooLarge(rule)
  }
  const head = new Uint8Array(Math.min(held, bytes))
  let at = 0
  for (const chunk of chunks) {
    if (at >= head.byteLength) break
    const part = chunk.subarray(0, head.byteLength - at)
    head.set(part, at)
    at += part.byteLength
  }
  return { chunks, head, complete: done }
}

export async function ingest(platform: Platform, input: IngestInput): Promise<Ingested> {
  const { rule } = input
  if (input.declaredLength !== undefined && input.declaredLength > rule.maxBytes) {
    await input.body.cancel().catch(() => {})
    throw tooLarge(rule)
  }
  const reader = input.body.getReader()
  let tempKey: string | undefined
  try {
    const { chunks, head, complete } = await readHead(reader, sniffBytes, rule.maxBytes, rule)
    if (head.byteLength === 0) throw new GlamError('VALIDATION_FAILED', 'The file is empty.')
    const format = await sniff(head, complete)
    if (!format || !rule.formats.includes(format)) {
      const accepted = rule.formats.map((f) => labels[f]).join(', ')
      const what = format ? `a ${labels[format]} file` : 'not a file type Glam accepts'
      throw new GlamError('UNSUPPORTED_MEDIA_TYPE', `This is ${what}; a ${rule.type} must be ${accepted}.`, {
        details: { accepted: rule.formats, detected: format },
      })
    }
    const info = formats[format]
    const inspector = createInspector(format, { maxPixels: input.maxPixels ?? 100_000_000 })
    const hash = createHash('sha256')
    let size = 0
    let failure: GlamError | undefined
    const stream = new ReadableStream<Uint8Array>({
      async pull(controller) {
        let chunk = chunks.shift()
        if (!chunk) {
          const next = await reader.read()
          if (next.done) return controller.close()
          chunk = next.value
        }
        size += chunk.byteLength
        if (size > rule.maxBytes) {
          failure = tooLarge(rule)
          controller.error(failure)
          await reader.cancel(failure).catch(() => {})
          return
        }
        hash.update(chunk)
        inspector.write(chunk)
        controller.enqueue(chunk)
      },
      cancel: (reason) => reader.cancel(reason),
    })
    tempKey = `${tempPrefix}${crypto.randomUUID()}`
    try {
      await platform.blobs.put(tempKey, stream, { contentType: info.contentType })
    } catch (err) {
      if (failure) throw failure
      if (err instanceof GlamError) throw err
      throw new GlamError('BAD_REQUEST', 'The upload broke off before the file was complete.', { cause: err })
    }
    const inspection = inspector.finish()
    if (inspection.problem) throw new GlamError(inspection.problem.code, inspection.problem.message)
    const extra = await describe(platform, tempKey, info, rule)
    return {
      tempKey,
      sha256: hash.digest('hex'),
      size,
      format,
      info,
      width: inspection.width ?? null,
      height: inspection.height ?? null,
      ...extra,
    }
  } catch (err) {
    await reader.cancel().catch(() => {})
    if (tempKey) await platform.blobs.delete(tempKey).catch(() => {})
    throw err
  } finally {
    reader.releaseLock()
  }
}

/** What needs the whole file: an image's placeholder (where sharp is), a PDF's page count. */
async function describe(
  platform: Platform,
  key: string,
  info: FormatInfo,
  rule: AssetRule,
): Promise<Pick<Ingested, 'pages' | 'placeholder'>> {
  const images = platform.images
  const wantsPlaceholder = info.kind === 'image' && images !== undefined
  if (!wantsPlaceholder && info.format !== 'pdf') return { pages: null, placeholder: null }
  // Images and PDFs are capped at tens of MB by their rules: reading one whole is bounded.
  if (rule.maxBytes > 200_000_000) return { pages: null, placeholder: null }
  const blob = await platform.blobs.get(key)
  if (!blob) throw new Error(`the temporary blob ${key} vanished`)
  const bytes = await blobBytes(blob)
  if (info.format === 'pdf') return { pages: await pdfPageCount(bytes), placeholder: null }
  try {
    return { pages: null, placeholder: await images!.placeholder(bytes) }
  } catch (err) {
    const { name, message } = (err ?? {}) as Error
    if (name === 'InvalidImageError')
      throw new GlamError('INVALID_IMAGE', `The image cannot be decoded: ${message}`)
    if (name === 'ImageTooLargeError') throw new GlamError('IMAGE_TOO_LARGE', message)
    // Busy or slow: the upload is fine, it only goes without its blur-up placeholder.
    if (name === 'ImagesBusyError' || name === 'ImageTimeoutError') {
      platform.logger.warn('asset.placeholder_skipped', { reason: name })
      return { pages: null, placeholder: null }
    }
    throw err
  }
}

/** Deletes an ingested upload's temporary blob (it was refused after ingest, or a store failed). */
export async function discardIngested(platform: Platform, ingested: Pick<Ingested, 'tempKey'>) {
  await platform.blobs.delete(ingested.tempKey).catch(() => {})
}
