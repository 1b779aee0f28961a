/**
 * The text-format check: UTF-8 throughout and no NUL bytes (a binary DXF, by its sentinel, is exempt).
 *
 * Fast where `node:buffer` has `isUtf8` (Node ≥ 18.14, Deno, workerd with nodejs_compat): each
 * chunk is validated in place, without decoding it into a string, and searched for NUL with
 * `Buffer#indexOf` on a view of it (no copy). A character cut by a chunk boundary (at most 3
 * bytes of it) is carried into the next chunk; whatever is still carried at the end is a
 * character cut at the very end. Elsewhere a fatal streaming `TextDecoder` does the same check.
 */
import * as nodeBuffer from 'node:buffer'
import type { Format } from '../formats.ts'
import { encode, startsWith } from './bytes.ts'
import { type Check, problem } from './inspection.ts'

const binaryDxf = encode('AutoCAD Binary DXF\r\n\x1a\0')

/** Whether a stream, fed chunk by chunk, is UTF-8 without NUL bytes. */
export interface TextValidator {
  /** False once the stream so far cannot be text (and from then on). */
  write(chunk: Uint8Array): boolean
  /** Whether the whole stream was text (no character left cut at the end). */
  finish(): boolean
}

type IsUtf8 = (bytes: Uint8Array) => boolean
type BufferClass = { from(buffer: ArrayBufferLike, byteOffset: number, length: number): Uint8Array }

// Feature-detected: a runtime whose node:buffer lacks them gets the TextDecoder check.
const nativeIsUtf8 = (nodeBuffer as { isUtf8?: IsUtf8 }).isUtf8
const NativeBuffer = (nodeBuffer as { Buffer?: BufferClass }).Buffer

/** Bytes in the UTF-8 sequence a lead byte starts (0 when it cannot start one). */
const sequenceLength = (lead: number) =>
  lead < 0x80 ? 1 : lead < 0xc2 ? 0 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : lead < 0xf5 ? 4 : 0

/**
 * How many bytes at the end of `bytes` are the start of a character the next chunk completes:
 * 1 to 3 when the last lead byte among the final 3 begins a sequence longer than what follows
 * it, else 0 (then the end is complete, or invalid in a way `isUtf8` sees).
 */
function cutAtEnd(bytes: Uint8Array): number {
  const end = bytes.byteLength
  for (let at = end - 1; at >= Math.max(0, end - 3); at--) {
    const byte = bytes[at]!
    if ((byte & 0xc0) === 0x80) continue // a continuation byte: look further back
    return sequenceLength(byte) > end - at ? end - at : 0
  }
  return 0
}

/** The check on `isUtf8` and `Buffer#indexOf`: no string is ever made. */
export function createNativeTextValidator(isUtf8: IsUtf8, Buffer: BufferClass): TextValidator {
  const carry = new Uint8Array(4)
  let carried = 0
  let text = true
  const hasNul = (bytes: Uint8Array) =>
    Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).indexOf(0) !== -1
  /** Whether the chunk continues the stream as text (carrying a character it cuts). */
  const continues = (chunk: Uint8Array): boolean => {
    if (hasNul(chunk)) return false
    let rest = chunk
    if (carried > 0) {
      // Complete the cut character from the chunk's first bytes, then check it alone: it is
      // one whole sequence (or invalid), so what follows it is checked on its own.
      const need = sequenceLength(carry[0]!) - carried
      const take = Math.min(need, rest.byteLength)
      carry.set(rest.subarray(0, take), carried)
      carried += take
      rest = rest.subarray(take)
      if (take < need) return true // still cut: the chunk was tiny
      if (!isUtf8(carry.subarray(0, carried))) return false
      carried = 0
    }
    const cut = cutAtEnd(rest)
    const whole = cut ? rest.subarray(0, rest.byteLength - cut) : rest
    if (whole.byteLength > 0 && !isUtf8(whole)) return false
    // Copied: the producer may reuse the chunk's memory once it is written.
    if (cut) carry.set(rest.subarray(rest.byteLength - cut))
    carried = cut
    return true
  }
  return {
    write(chunk) {
      if (text && chunk.byteLength > 0) text = continues(chunk)
      return text
    },
    finish() {
      if (carried > 0) text = false
      return text
    },
  }
}

/** The check on a fatal streaming `TextDecoder` (web APIs only; decodes every chunk). */
export function createDecoderTextValidator(): TextValidator {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let text = true
  return {
    write(chunk) {
      if (!text) return text
      if (chunk.indexOf(0) !== -1) text = false
      else
        try {
          decoder.decode(chunk, { stream: true })
        } catch {
          text = false
        }
      return text
    },
    finish() {
      try {
        if (text) decoder.decode()
      } catch {
        text = false
      }
      return text
    },
  }
}

export const createTextValidator = (): TextValidator =>
  nativeIsUtf8 && NativeBuffer
    ? createNativeTextValidator(nativeIsUtf8, NativeBuffer)
    : createDecoderTextValidator()

/** The whole stream is UTF-8 without NUL bytes (a binary DXF, by its sentinel, is exempt). */
export function createTextCheck(format: Format): Check {
  const validator = createTextValidator()
  let text = true
  return {
    write(chunk) {
      if (text) text = validator.write(chunk)
    },
    finish({ head }) {
      if (format === 'dxf' && startsWith(head, binaryDxf)) return undefined
      if (text) text = validator.finish()
      return text
        ? undefined
        : problem('UNSUPPORTED_MEDIA_TYPE', `not text: a ${format} file is UTF-8 without NUL bytes`)
    },
  }
}
