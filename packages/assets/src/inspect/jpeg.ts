/**
 * The JPEG marker walker: follows the primary image's structure as the bytes stream, to know
 * where it ends (its EOI) and, failing image-size, its frame's dimensions.
 */
import type { Size } from './inspection.ts'

export interface JpegWalker {
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
export function createJpegWalker(): JpegWalker {
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
