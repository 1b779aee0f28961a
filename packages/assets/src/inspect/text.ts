/** The text-format check: UTF-8 throughout and no NUL bytes (a binary DXF, by its sentinel, is exempt). */
import type { Format } from '../formats.ts'
import { encode, startsWith } from './bytes.ts'
import { type Check, problem } from './inspection.ts'

const binaryDxf = encode('AutoCAD Binary DXF\r\n\x1a\0')

/** The whole stream is UTF-8 without NUL bytes (a binary DXF, by its sentinel, is exempt). */
export function createTextCheck(format: Format): Check {
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
