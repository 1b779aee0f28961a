/**
 * Inspection while an upload streams: every chunk passes through `write`, and `finish` says
 * what is wrong with the whole, if anything. Memory stays bounded whatever the size (the
 * first 128 KiB, the last 64 KiB and a few bytes of scanning state), and it is web APIs only.
 *
 * - Images: dimensions from the head (a pixel flood is refused), truncation by each format's
 *   end marker or structure (JPEG: the primary image's EOI, found by walking its markers), and
 *   polyglots — script or markup anywhere in the bytes, a ZIP directory at the end, anything but
 *   zero padding after a PNG's IEND, a WebP's RIFF or AVIF's last box. After a JPEG's EOI data
 *   is allowed: gain maps (MPF, Ultra HDR), motion-photo videos and vendor trailers live there.
 * - PDFs: an `%%EOF` near the end.
 * - Text formats: UTF-8 throughout, no NUL bytes; XML declares no entities (expansion bombs).
 *
 * ```ts
 * const inspector = createInspector(format)
 * for await (const chunk of body) inspector.write(chunk)
 * const { width, height, problem } = inspector.finish()
 * if (problem) throw new GlamError(problem.code, problem.message)
 * ```
 */
import { imageSize } from 'image-size'
import { type Format, isImageFormat } from './formats.ts'

export type InspectionCode = 'INVALID_IMAGE' | 'INVALID_DOCUMENT' | 'UNSUPPORTED_MEDIA_TYPE'

export interface Inspection {
  /** Display dimensions of an image (EXIF orientation applied when the head carries it). */
  width?: number
  height?: number
  problem?: { code: InspectionCode; message: string }
}

export interface Inspector {
  write(chunk: Uint8Array): void
  finish(): Inspection
}

export const defaultMaxPixels = 100_000_000
export const headBytes = 128 * 1024
export const tailBytes = 64 * 1024

type Problem = NonNullable<Inspection['problem']>
type Check = { write(chunk: Uint8Array): void; finish(kept: Kept): Problem | undefined }

export function createInspector(format: Format, options: { maxPixels?: number } = {}): Inspector {
  const maxPixels = options.maxPixels ?? defaultMaxPixels
  if (!Number.isSafeInteger(maxPixels) || maxPixels < 1)
    throw new TypeError(`Invalid maxPixels ${maxPixels}: expected a positive integer`)
  const window = createWindow()
  const checks = checksFor(format, maxPixels)
  let result: Inspection | undefined
  return {
    write(chunk) {
      if (result) throw new Error('The inspector has finished: write after finish()')
      window.write(chunk)
      for (const check of checks) check.write(chunk)
    },
    finish() {
      if (result) return result
      const kept = window.kept()
      let found: Problem | undefined
      for (const check of checks) {
        found = check.finish(kept)
        if (found) break
      }
      result = { ...kept.size, ...(found ? { problem: found } : {}) }
      return result
    },
  }
}

/** What the inspector keeps of the stream: its head, its tail, and its length. */
interface Kept {
  head: Uint8Array
  tail: Uint8Array
  total: number
  /** Set by the dimension check for the result. */
  size?: { width: number; height: number }
}

function createWindow() {
  const head = new Uint8Array(headBytes)
  const ring = new Uint8Array(tailBytes)
  let headLength = 0
  let ringAt = 0
  let total = 0
  return {
    write(chunk: Uint8Array) {
      total += chunk.byteLength
      if (headLength < headBytes) {
        const n = Math.min(headBytes - headLength, chunk.byteLength)
        head.set(chunk.subarray(0, n), headLength)
        headLength += n
      }
      const last = chunk.subarray(Math.max(0, chunk.byteLength - tailBytes))
      const first = Math.min(tailBytes - ringAt, last.byteLength)
      ring.set(last.subarray(0, first), ringAt)
      ring.set(last.subarray(first), 0)
      ringAt = (ringAt + last.byteLength) % tailBytes
    },
    kept(): Kept {
      const tail =
        total < tailBytes ? ring.slice(0, total) : concat(ring.subarray(ringAt), ring.subarray(0, ringAt))
      return { head: head.subarray(0, headLength), tail, total }
    },
  }
}

/** `length` bytes at `offset` of the stream, when they lie in what was kept. */
function bytesAt({ head, tail, total }: Kept, offset: number, length: number): Uint8Array | undefined {
  if (offset + length <= head.byteLength) return head.subarray(offset, offset + length)
  const tailStart = total - tail.byteLength
  if (offset >= tailStart && offset + length <= total)
    return tail.subarray(offset - tailStart, offset - tailStart + length)
  return undefined
}

const problem = (code: InspectionCode, message: string): Problem => ({ code, message })
const invalidImage = (format: Format, what: string) => problem('INVALID_IMAGE', `${what} ${format} image`)
const polyglot = problem('UNSUPPORTED_MEDIA_TYPE', 'contains script or another file')

function checksFor(format: Format, maxPixels: number): Check[] {
  if (isImageFormat(format)) {
    const jpeg = format === 'jpeg' ? createJpegWalker() : undefined
    return [
      createScanner(pageNeedles, () => polyglot),
      { write() {}, finish: (kept) => (hasZipDirectory(kept) ? polyglot : undefined) },
      {
        write: (chunk) => jpeg?.write(chunk),
        finish: (kept) =>
          checkDimensions(format, kept, maxPixels, jpeg?.frame) ?? checkEnd(format, kept, jpeg),
      },
    ]
  }
  if (format === 'pdf')
    return [{ write() {}, finish: ({ tail }) => (hasPdfEnd(tail) ? undefined : pdfTruncated) }]
  if (format === 'gzip' || format === 'zip') return []
  const checks = [createTextCheck(format)]
  if (format === 'xml')
    checks.push(
      createScanner(entityNeedles, () => problem('UNSUPPORTED_MEDIA_TYPE', 'XML that declares entities')),
    )
  return checks
}

function checkDimensions(format: Format, kept: Kept, maxPixels: number, frame?: Size): Problem | undefined {
  const size = readSize(format, kept.head) ?? frame
  if (!size) return invalidImage(format, 'not a readable')
  kept.size = size
  const pixels = size.width * size.height
  if (pixels === 0 || pixels > maxPixels)
    return problem(
      'INVALID_IMAGE',
      `${format} image of ${size.width}×${size.height} pixels (at most ${maxPixels})`,
    )
}

interface Size {
  width: number
  height: number
}

/** What image-size calls each format (for AVIF, the brands of its HEIF reader but HEIC's). */
const sizeTypes: Partial<Record<Format, readonly string[]>> = {
  jpeg: ['jpg'],
  png: ['png'],
  webp: ['webp'],
  gif: ['gif'],
  avif: ['avif', 'avis', 'mif1', 'msf1'],
}

function readSize(format: Format, head: Uint8Array): Size | undefined {
  try {
    const { width, height, orientation, type } = imageSize(head)
    if (!sizeTypes[format]?.includes(type ?? '')) return undefined
    return (orientation ?? 1) >= 5 ? { width: height, height: width } : { width, height }
  } catch {
    return undefined
  }
}

function checkEnd(format: Format, kept: Kept, jpeg?: JpegWalker): Problem | undefined {
  const end = imageEnd(format, kept, jpeg)
  if (end === 'truncated') return invalidImage(format, 'truncated')
  if (end === 'broken') return invalidImage(format, 'not a readable')
  if (typeof end === 'number' && !onlyPadding(kept, end)) return polyglot
}

/**
 * Where the image ends, when the format says: 'truncated' before its end, 'broken' structure,
 * 'open' when it cannot tell or data after the end is the norm. JPEG: the primary image's EOI
 * (data after it is common — gain maps, motion photos, MPF — so it is left to the scanners).
 */
function imageEnd(format: Format, kept: Kept, jpeg?: JpegWalker): number | 'truncated' | 'broken' | 'open' {
  const { tail, total } = kept
  switch (format) {
    case 'jpeg':
      return jpeg?.end === undefined ? 'truncated' : 'open'
    case 'png': {
      const at = lastIndexOf(tail, pngEnd)
      return at === -1 ? 'truncated' : total - tail.byteLength + at + pngEnd.byteLength
    }
    case 'gif': {
      let last = tail.byteLength - 1
      while (last > 0 && tail[last] === 0) last--
      return tail[last] === 0x3b ? 'open' : 'truncated'
    }
    case 'webp': {
      const header = bytesAt(kept, 4, 4)
      if (!header) return 'broken'
      const size = new DataView(header.buffer, header.byteOffset, 4).getUint32(0, true)
      // The RIFF size counts every chunk with its padding; a pad byte past it is padding too.
      return total < 8 + size ? 'truncated' : 8 + size
    }
    case 'avif':
      return boxesEnd(kept)
    default:
      return 'open'
  }
}

/** Nothing but 0x00 from `end` to the end of the stream (more than the tail holds is not padding). */
function onlyPadding(kept: Kept, end: number): boolean {
  const extra = kept.total - end
  if (extra <= 0) return true
  if (extra > kept.tail.byteLength) return false
  return kept.tail.subarray(kept.tail.byteLength - extra).every((b) => b === 0)
}

/** Walks ISO BMFF top-level boxes over what was kept; stops checking at a header it did not keep. */
function boxesEnd(kept: Kept): number | 'truncated' | 'broken' | 'open' {
  let at = 0
  while (at < kept.total) {
    if (kept.total - at < 8) return 'broken'
    const header = bytesAt(kept, at, Math.min(16, kept.total - at))
    if (!header || header.byteLength < 8) return 'open'
    const view = new DataView(header.buffer, header.byteOffset, header.byteLength)
    let size = view.getUint32(0)
    if (size === 0) return 'open'
    if (size === 1) {
      if (header.byteLength < 16) return 'broken'
      size = view.getUint32(8) * 2 ** 32 + view.getUint32(12)
    }
    if (size < 8) return 'broken'
    if (at + size > kept.total) return 'truncated'
    at += size
  }
  return at
}

const encode = (text: string) => new TextEncoder().encode(text)
const pngEnd = new Uint8Array([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])
const pdfEnd = encode('%%EOF')
const binaryDxf = encode('AutoCAD Binary DXF\r\n\x1a\0')
const pdfTruncated = problem('INVALID_DOCUMENT', 'truncated PDF (no %%EOF)')
const hasPdfEnd = (tail: Uint8Array) =>
  lastIndexOf(tail.subarray(Math.max(0, tail.byteLength - 2048)), pdfEnd) !== -1

/**
 * A ZIP end-of-central-directory record in the tail (a GIFAR, a JPEG+ZIP): the signature with
 * the single-disk fields a real archive has (disk numbers 0, entry counts equal).
 */
function hasZipDirectory({ tail }: Kept): boolean {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  for (let at = tail.byteLength - 22; at >= 0; at--) {
    at = tail.lastIndexOf(0x50, at)
    if (at === -1) return false
    if (view.getUint32(at, true) !== 0x06054b50) continue
    if (view.getUint32(at + 4) === 0 && view.getUint16(at + 8) === view.getUint16(at + 10)) return true
  }
  return false
}

interface Needle {
  /** Lower case; letters match either case. */
  bytes: Uint8Array
  /** Index of the byte the scan looks for (the first that is not a letter). */
  anchor: number
  /** Bytes that must follow: a tag's delimiter and four bytes of text, or one space. */
  follow: number
  followedBy: (buffer: Uint8Array, at: number) => boolean
}

const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || b === 0x0c
const isText = (b: number | undefined) => b !== undefined && ((b >= 0x20 && b <= 0x7e) || isSpace(b))
const isDelimiter = (b: number | undefined) => isSpace(b) || b === 0x2f || b === 0x3e
const follows = {
  tag: (buffer: Uint8Array, at: number) =>
    isDelimiter(buffer[at]) &&
    isText(buffer[at + 1]) &&
    isText(buffer[at + 2]) &&
    isText(buffer[at + 3]) &&
    isText(buffer[at + 4]),
  space: (buffer: Uint8Array, at: number) => isSpace(buffer[at]),
  none: () => true,
}

function needle(text: string, follow: keyof typeof follows = 'none'): Needle {
  const bytes = encode(text)
  const anchor = bytes.findIndex((b) => b < 0x61 || b > 0x7a)
  return { bytes, anchor, follow: { tag: 5, space: 1, none: 0 }[follow], followedBy: follows[follow] }
}

/**
 * Markup a browser or PHP would act on. A tag name must be followed by a delimiter and text, as
 * a real tag is: that keeps random image data (a `<svg` every ~500 MB of noise) from matching.
 */
const pageNeedles = [
  needle('<?php', 'space'),
  ...['<script', '<html', '<iframe', '<svg', '<body'].map((tag) => needle(tag, 'tag')),
  needle('<!doctype'),
  needle('javascript:'),
]
const entityNeedles = [needle('<!entity')]

/** The needles found from one anchor byte, and the bytes beside it that any of them allow. */
interface Anchor {
  byte: number
  needles: readonly Needle[]
  /** Flags by byte value: what may stand right after (or before) the anchor in some needle. */
  after: Uint8Array
  before: Uint8Array
}

function anchorsOf(needles: readonly Needle[]): Anchor[] {
  const anchors = new Map<number, Anchor & { needles: Needle[] }>()
  const flag = (side: Uint8Array, b: number | undefined) => {
    if (b !== undefined) side[b] = side[b >= 0x61 && b <= 0x7a ? b - 0x20 : b] = 1
  }
  for (const n of needles) {
    const byte = n.bytes[n.anchor]!
    const group = anchors.get(byte) ?? {
      byte,
      needles: [],
      after: new Uint8Array(256),
      before: new Uint8Array(256),
    }
    anchors.set(byte, group)
    group.needles.push(n)
    if (n.anchor === 0) flag(group.after, n.bytes[1])
    else flag(group.before, n.bytes[n.anchor - 1])
  }
  return [...anchors.values()]
}

/** Finds any needle in the stream, across chunk boundaries (the last bytes carry over). */
function createScanner(needles: readonly Needle[], found: () => Problem): Check {
  const extent = Math.max(...needles.map((n) => n.bytes.byteLength + n.follow))
  const anchors = anchorsOf(needles)
  if (anchors.length > 2) throw new TypeError('A scanner looks for at most two anchor bytes')
  let carry = new Uint8Array(0)
  let hit = false
  return {
    write(chunk) {
      if (hit) return
      const joint = carry.byteLength > 0 ? concat(carry, chunk.subarray(0, extent - 1)) : undefined
      hit = (joint !== undefined && scan(joint, anchors)) || scan(chunk, anchors)
      carry =
        chunk.byteLength >= extent - 1
          ? chunk.slice(chunk.byteLength - extent + 1)
          : concat(carry, chunk).slice(-extent + 1)
    },
    finish: () => (hit ? found() : undefined),
  }
}

/**
 * Whether a needle is in `buffer`. Four bytes at a time (it runs over every byte of every
 * image): a word is looked into only when it holds an anchor byte, which the classic
 * has-zero-byte test on `word ^ anchor×4` tells; then the byte beside the anchor filters.
 */
function scan(buffer: Uint8Array, anchors: readonly Anchor[]): boolean {
  const a = anchors[0]!
  const b = anchors[1] ?? a
  const matches = (at: number) => {
    const byte = buffer[at]
    const anchor = byte === a.byte ? a : byte === b.byte ? b : undefined
    if (!anchor || !(anchor.after[buffer[at + 1]!] || anchor.before[buffer[at - 1]!])) return false
    return anchor.needles.some((n) => matchesAt(buffer, at - n.anchor, n))
  }
  const aligned = Math.min((4 - (buffer.byteOffset % 4)) % 4, buffer.byteLength)
  for (let i = 0; i < aligned; i++) if (matches(i)) return true
  const words = new Uint32Array(
    buffer.buffer,
    buffer.byteOffset + aligned,
    (buffer.byteLength - aligned) >>> 2,
  )
  const ma = a.byte * 0x01010101
  const mb = b.byte * 0x01010101
  for (let k = 0; k < words.length; k++) {
    const p = words[k]! ^ ma
    const q = words[k]! ^ mb
    if ((((p - 0x01010101) & ~p) | ((q - 0x01010101) & ~q)) & 0x80808080) {
      const i = aligned + k * 4
      if (matches(i) || matches(i + 1) || matches(i + 2) || matches(i + 3)) return true
    }
  }
  for (let i = aligned + words.length * 4; i < buffer.byteLength; i++) if (matches(i)) return true
  return false
}

function matchesAt(buffer: Uint8Array, start: number, n: Needle): boolean {
  const end = start + n.bytes.byteLength
  if (start < 0 || end + n.follow > buffer.byteLength) return false
  for (let i = 0; i < n.bytes.byteLength; i++) {
    const b = buffer[start + i]!
    const want = n.bytes[i]!
    if (b !== want && !(want >= 0x61 && want <= 0x7a && b === want - 0x20)) return false
  }
  return n.followedBy(buffer, end)
}

/** The whole stream is UTF-8 without NUL bytes (a binary DXF, by its sentinel, is exempt). */
function createTextCheck(format: Format): Check {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let text = true
  return {
    write(chunk) {
      if (!text) return
      if (chunk.includes(0)) text = false
      else
        try {
          decoder.decode(chunk, { stream: true })
        } catch {
          text = false
        }
    },
    finish({ head }) {
      if (format === 'dxf' && startsWith(head, binaryDxf)) return undefined
      try {
        if (text) decoder.decode()
      } catch {
        text = false
      }
      return text
        ? undefined
        : problem('UNSUPPORTED_MEDIA_TYPE', `not text: a ${format} file is UTF-8 without NUL bytes`)
    },
  }
}

interface JpegWalker {
  write(chunk: Uint8Array): void
  /** Offset just past the primary image's EOI marker, once seen. */
  readonly end: number | undefined
  /** The first frame header's dimensions (for when image-size cannot reach them in the head). */
  readonly frame: Size | undefined
}

// The walker's states.
const marker = 0 // expecting 0xFF
const code = 1 // the byte after 0xFF
const length1 = 2
const length2 = 3
const segment = 4 // skipping a segment's payload
const seek = 5 // entropy-coded data (or garbage): looking for the next 0xFF
const done = 6

const isFrame = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7)

/**
 * Follows the primary image's markers: segments skipped by their length, entropy-coded data
 * searched for the next marker (0xFF00 is a stuffed byte, RSTn stay in the data), until EOI.
 * A thumbnail's EOI inside APP1 is skipped with its segment, so it never counts.
 */
function createJpegWalker(): JpegWalker {
  let state = marker
  let current = 0
  let remaining = 0
  let offset = 0
  let end: number | undefined
  let frame: Size | undefined
  const frameHeader: number[] = []
  const afterSegment = () => (current === 0xda ? seek : marker)
  const onCode = (b: number, at: number) => {
    current = b
    if (b === 0xd9) end = at + 1
    if (b === 0xd9) return done
    if (b === 0xd8) return marker
    if (b === 0x00 || isStandalone(b)) return seek
    return b === 0xff ? code : length1
  }
  const write = (chunk: Uint8Array) => {
    let i = 0
    while (i < chunk.byteLength && state !== done) {
      if (state === seek) {
        const at = chunk.indexOf(0xff, i)
        if (at === -1) break
        state = code
        i = at + 1
        continue
      }
      if (state === segment) {
        const take = Math.min(remaining, chunk.byteLength - i)
        if (isFrame(current) && !frame) {
          frameHeader.push(...chunk.subarray(i, i + Math.min(take, 5 - frameHeader.length)))
          const [, h1, h2, w1, w2] = frameHeader
          if (w2 !== undefined) frame = { height: (h1! << 8) | h2!, width: (w1! << 8) | w2 }
        }
        remaining -= take
        i += take
        if (remaining === 0) state = afterSegment()
        continue
      }
      const b = chunk[i]!
      if (state === marker) state = b === 0xff ? code : seek
      else if (state === code) state = onCode(b, offset + i)
      else if (state === length1) {
        remaining = b << 8
        state = length2
      } else {
        remaining = (remaining | b) - 2
        state = remaining > 0 ? segment : afterSegment()
      }
      i++
    }
    offset += chunk.byteLength
  }
  return {
    write,
    get end() {
      return end
    },
    get frame() {
      return frame
    },
  }
}

function lastIndexOf(haystack: Uint8Array, needle: Uint8Array): number {
  for (let at = haystack.byteLength - needle.byteLength; at >= 0; at--) {
    at = haystack.lastIndexOf(needle[0]!, at)
    if (at === -1) return -1
    if (startsWith(haystack.subarray(at), needle)) return at
  }
  return -1
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.byteLength >= prefix.byteLength && prefix.every((b, i) => bytes[i] === b)
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a)
  out.set(b, a.byteLength)
  return out
}
