/** Byte-array helpers the checks share: search, prefix test, concatenation. */

export const encode = (text: string) => new TextEncoder().encode(text)

export function lastIndexOf(haystack: Uint8Array, needle: Uint8Array): number {
  for (let at = haystack.byteLength - needle.byteLength; at >= 0; at--) {
    at = haystack.lastIndexOf(needle[0]!, at)
    if (at === -1) return -1
    if (startsWith(haystack.subarray(at), needle)) return at
  }
  return -1
}

export function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  return bytes.byteLength >= prefix.byteLength && prefix.every((b, i) => bytes[i] === b)
}

export function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.byteLength + b.byteLength)
  out.set(a)
  out.set(b, a.byteLength)
  return out
}
