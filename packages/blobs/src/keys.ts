/**
 * Blob keys, shared by every adapter: one rule set, so a key that works on the filesystem in
 * development works on S3 and R2 in production, and nothing reaches a backend that could mean
 * a path outside the store. A bad key is a programming error: a TypeError, before any I/O.
 *
 * A key is 1 to 1,024 bytes of UTF-8, `/`-separated segments, none empty, none `.` or `..`,
 * no leading `/`, no control characters (C0, DEL, C1) and no unpaired surrogates.
 */

const encoder = new TextEncoder()

/** The longest key, in bytes of UTF-8 (S3's and R2's limit). */
export const maxKeyBytes = 1024

// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it looks for
const controlChars = /[\u0000-\u001f\u007f-\u009f]/
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

const shown = (key: string) => {
  const json = JSON.stringify(key)
  return json.length > 80 ? `${json.slice(0, 77)}…"` : json
}

function refuse(what: string, key: string, why: string): never {
  throw new TypeError(`Invalid blob ${what} ${shown(key)}: ${why}`)
}

/** Checks what keys and prefixes share: a string of well-formed UTF-8, at most 1,024 bytes, no controls. */
function assertText(what: string, value: unknown): asserts value is string {
  if (typeof value !== 'string')
    throw new TypeError(`Invalid blob ${what}: expected a string, got ${typeof value}`)
  if (controlChars.test(value)) refuse(what, value, 'it contains a control character (NUL, newline, DEL, …)')
  if (loneSurrogate.test(value)) refuse(what, value, 'it is not well-formed Unicode (an unpaired surrogate)')
  const bytes = encoder.encode(value).byteLength
  if (bytes > maxKeyBytes) refuse(what, value, `it is ${bytes} bytes of UTF-8, more than ${maxKeyBytes}`)
  if (value.startsWith('/')) refuse(what, value, 'it starts with "/" (keys are relative paths)')
}

/** Returns the key when it is valid; throws a TypeError saying why when not. */
export function assertBlobKey(key: unknown): string {
  assertText('key', key)
  if (key === '') throw new TypeError('Invalid blob key "": it is empty')
  for (const segment of key.split('/')) {
    if (segment === '') refuse('key', key, 'it has an empty segment ("//" or a trailing "/")')
    if (segment === '.' || segment === '..') refuse('key', key, `it has a "${segment}" segment`)
  }
  return key
}

/** A list prefix: any start of a valid key (so `a/`, `img/ab` and '' pass, `/a` does not). */
export function assertBlobPrefix(prefix: unknown): string {
  if (prefix === undefined) return ''
  assertText('prefix', prefix)
  return prefix
}

/** True when the key is valid. */
export function isBlobKey(key: unknown): key is string {
  try {
    assertBlobKey(key)
    return true
  } catch {
    return false
  }
}

/**
 * Orders keys as their UTF-8 bytes do (S3's and R2's order), which is code point order.
 * JavaScript's `<` compares UTF-16 code units instead, and puts astral characters (😀,
 * surrogate pairs) before U+E000..U+FFFF (～): remap the code units where the two differ.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i)
    let y = b.charCodeAt(i)
    if (x === y) continue
    if (x >= 0xd800 && y >= 0xd800) {
      x = x <= 0xdfff ? x + 0x2000 : x - 0x800
      y = y <= 0xdfff ? y + 0x2000 : y - 0x800
    }
    return x - y
  }
  return a.length - b.length
}
