/**
 * The image checks over what was kept: dimensions from the head (a pixel flood is refused),
 * truncation by each format's end marker or structure, and what may follow the end — zero
 * padding only after a PNG's IEND, a WebP's RIFF or an AVIF's last box, no ZIP directory at all.
 */
import { imageSize } from 'image-size'
import type { Format } from '../formats.ts'
import { lastIndexOf } from './bytes.ts'
import { invalidImage, type Problem, polyglot, problem, type Size } from './inspection.ts'
import type { JpegWalker } from './jpeg.ts'
import { bytesAt, type Kept } from './window.ts'

export function checkDimensions(
  format: Format,
  kept: Kept,
  maxPixels: number,
  frame?: Size,
): Problem | undefined {
  // The JPEG walker's frame header counts only in what starts as a JPEG (SOI): in other bytes
  // a marker-like pair is chance, and its "dimensions" would call noise a pixel flood.
  const isJpeg = kept.head[0] === 0xff && kept.head[1] === 0xd8
  const size = readSize(format, kept.head) ?? (isJpeg ? frame : undefined)
  if (!size) return invalidImage(format, 'not a readable')
  kept.size = size
  const pixels = size.width * size.height
  if (pixels === 0) return invalidImage(format, 'an empty (0-pixel)')
  // A pixel flood (a decompression bomb's head): refused before a byte of it is decoded.
  if (pixels > maxPixels)
    return problem(
      'IMAGE_TOO_LARGE',
      `${format} image of ${size.width}×${size.height} pixels (at most ${maxPixels})`,
    )
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

export function checkEnd(format: Format, kept: Kept, jpeg?: JpegWalker): Problem | undefined {
  const end = imageEnd(format, kept, jpeg)
  if (end === 'truncated') return invalidImage(format, 'truncated')
  if (end === 'broken') return invalidImage(format, 'not a readable')
  if (typeof end === 'number' && !onlyPadding(kept, end)) return polyglot
}

const pngEnd = new Uint8Array([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])

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

/**
 * A ZIP end-of-central-directory record in the tail (a GIFAR, a JPEG+ZIP): the signature with
 * the single-disk fields a real archive has (disk numbers 0, entry counts equal).
 */
export function hasZipDirectory({ tail }: Kept): boolean {
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength)
  for (let at = tail.byteLength - 22; at >= 0; at--) {
    at = tail.lastIndexOf(0x50, at)
    if (at === -1) return false
    if (view.getUint32(at, true) !== 0x06054b50) continue
    if (view.getUint32(at + 4) === 0 && view.getUint16(at + 8) === view.getUint16(at + 10)) return true
  }
  return false
}
