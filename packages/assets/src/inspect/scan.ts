/**
 * The script and markup scanner: finds any of a few needles (`<script`, `<?php`, `<!entity` …)
 * anywhere in the stream, across chunk boundaries, looking at every byte four at a time.
 */
import { concat, encode } from './bytes.ts'
import type { Check, Problem } from './inspection.ts'

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
export const pageNeedles = [
  needle('<?php', 'space'),
  ...['<script', '<html', '<iframe', '<svg', '<body'].map((tag) => needle(tag, 'tag')),
  needle('<!doctype'),
  needle('javascript:'),
]
export const entityNeedles = [needle('<!entity')]

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
export function createScanner(needles: readonly Needle[], found: () => Problem): Check {
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
