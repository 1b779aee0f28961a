/**
 * Bytes to text in the feed's encoding, told from the bytes: a BOM (UTF-8, UTF-16), an XML
 * declaration's `encoding`, valid UTF-8 (chardet only for UTF-16 without a BOM), else
 * Windows-1252 (ISO-8859-1 is its subset; German shops export one of them). A feed whose first 64 KiB are
 * plain ASCII is decided at its first non-ASCII byte: valid UTF-8 there means UTF-8, anything
 * else Windows-1252. UTF-8 and UTF-16 decode through TextDecoder, legacy sets through iconv-lite
 * (Node 20's TextDecoder reads windows-1252 as Latin-1: 0x80 would not be €). ISO-8859-1 is
 * read as Windows-1252, as browsers do: files labelled Latin-1 carry € and „“ in 0x80–0x9F.
 */
import { isAscii } from 'node:buffer'
import chardet from 'chardet'
import iconv from 'iconv-lite'

const sampleSize = 64 * 1024

export interface Decoded {
  /** The WHATWG name of the encoding used (`utf-8`, `windows-1252`, `utf-16le`, …). */
  encoding: string
  text: AsyncGenerator<string>
  /** The first text (at least 64 KiB of bytes' worth, when there is that much), for sniffing. */
  head: string
}

const unicode = new Set(['utf-8', 'utf-16le', 'utf-16be'])

/** The name Glam uses for an encoding label, or null for one it cannot decode. */
function supported(label: string): string | null {
  const name = label.toLowerCase().replace(/_/g, '-')
  if (name === 'utf-8' || name === 'utf8') return 'utf-8'
  if (name === 'utf-16le' || name === 'utf-16be') return name
  if (/^(iso-?8859-1|latin-?1|l1|us-ascii|ascii|cp1252|windows-1252)$/.test(name)) return 'windows-1252'
  return iconv.encodingExists(name) ? name : null
}

interface StreamDecoder {
  write(bytes: Uint8Array): string
  end(): string
}

function decoderFor(encoding: string): StreamDecoder {
  if (unicode.has(encoding)) {
    const d = new TextDecoder(encoding)
    return { write: (b) => d.decode(b, { stream: true }), end: () => d.decode() }
  }
  const d = iconv.getDecoder(encoding)
  return {
    write: (b) => d.write(Buffer.from(b.buffer, b.byteOffset, b.byteLength)),
    end: () => d.end() ?? '',
  }
}

/** Whether these bytes are UTF-8 (an incomplete sequence at the very end is allowed). */
function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true })
    return true
  } catch {
    return false
  }
}

const firstNonAscii = (bytes: Uint8Array) => {
  if (isAscii(bytes)) return -1
  for (let i = 0; i < bytes.length; i++) if (bytes[i]! >= 0x80) return i
  return -1
}

function declared(sample: Uint8Array): string | null {
  const start = new TextDecoder('latin1').decode(sample.subarray(0, 200))
  const match = /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([A-Za-z0-9._-]+)["']/.exec(start)
  return match ? supported(match[1]!) : null
}

function guess(sample: Uint8Array): string {
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8'
  if (sample[0] === 0xff && sample[1] === 0xfe) return 'utf-16le'
  if (sample[0] === 0xfe && sample[1] === 0xff) return 'utf-16be'
  const xml = declared(sample)
  const valid = isUtf8(sample)
  // A declaration of a legacy set is believed; one of UTF-8 only when the bytes agree.
  if (xml && xml !== 'utf-8') return xml
  if (valid) return firstNonAscii(sample) < 0 ? 'ascii-so-far' : 'utf-8'
  // Not UTF-8: German and other Western shops export Windows-1252 (or ISO-8859-1, the same
  // letters). chardet is asked only whether it is UTF-16 without a BOM; its guesses among the
  // single-byte sets (windows-1250, ISO-8859-2, …) are wrong for a short German sample 1 in 20.
  const detected = chardet.detect(sample)
  if (detected === 'UTF-16LE' || detected === 'UTF-16BE') return detected.toLowerCase()
  return 'windows-1252'
}

export async function decode(chunks: AsyncIterable<Uint8Array>): Promise<Decoded> {
  const iterator = chunks[Symbol.asyncIterator]()
  const head: Uint8Array[] = []
  let size = 0
  let ended = false
  while (size < sampleSize) {
    const next = await iterator.next()
    if (next.done) {
      ended = true
      break
    }
    head.push(next.value)
    size += next.value.byteLength
  }
  const sample = head.length === 1 ? head[0]! : Buffer.concat(head)
  let encoding = guess(sample)
  let decoder = decoderFor(encoding === 'ascii-so-far' ? 'utf-8' : encoding)
  const result: Decoded = {
    encoding: encoding === 'ascii-so-far' ? 'utf-8' : encoding,
    head: '',
    text: undefined!,
  }
  const convert = (bytes: Uint8Array, last: boolean): string => {
    if (encoding === 'ascii-so-far') {
      const at = firstNonAscii(bytes)
      if (at >= 0) {
        encoding = isUtf8(bytes.subarray(at)) ? 'utf-8' : 'windows-1252'
        result.encoding = encoding
        if (encoding !== 'utf-8') decoder = decoderFor(encoding)
      }
    }
    const text = decoder.write(bytes)
    return last ? text + decoder.end() : text
  }
  const first = convert(sample, ended)
  result.head = first
  async function* text(): AsyncGenerator<string> {
    if (first) yield first
    if (ended) return
    for (;;) {
      const next = await iterator.next()
      if (next.done) {
        const tail = decoder.end()
        if (tail) yield tail
        return
      }
      const piece = convert(next.value, false)
      if (piece) yield piece
    }
  }
  result.text = text()
  return result
}
