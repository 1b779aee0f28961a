/**
 * What the inspector keeps of the stream, whatever its size: the first 128 KiB, the last 64 KiB
 * (a ring buffer) and the total length.
 */
import { concat } from './bytes.ts'

export const headBytes = 128 * 1024
export const tailBytes = 64 * 1024

/** What the inspector keeps of the stream: its head, its tail, and its length. */
export interface Kept {
  head: Uint8Array
  tail: Uint8Array
  total: number
  /** Set by the dimension check for the result. */
  size?: { width: number; height: number }
}

export function createWindow() {
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
export function bytesAt({ head, tail, total }: Kept, offset: number, length: number): Uint8Array | undefined {
  if (offset + length <= head.byteLength) return head.subarray(offset, offset + length)
  const tailStart = total - tail.byteLength
  if (offset >= tailStart && offset + length <= total)
    return tail.subarray(offset - tailStart, offset - tailStart + length)
  return undefined
}
