/**
 * What every cache adapter checks the same way, so code that runs against the LRU in a test
 * behaves the same against Redis in a container and Workers KV on the edge.
 */

/** Workers KV's limit on a key, in UTF-8 bytes; enforced by every adapter (see checkKey). */
export const maxKeyBytes = 512

const encoder = new TextEncoder()

/**
 * A key is a non-empty string of at most 512 UTF-8 bytes, and not `.` or `..`: what Workers KV
 * accepts. Any other character (`:`, `/`, spaces, non-ASCII) is fine. A bad key is a
 * programming error: a TypeError, on every adapter, before the store is asked.
 */
export function checkKey(key: string): void {
  if (typeof key !== 'string' || key === '') throw new TypeError('cache key must be a non-empty string')
  if (key === '.' || key === '..') throw new TypeError('cache key cannot be "." or ".."')
  // Most keys are short: only count bytes when the length could pass the limit.
  if (key.length * 3 > maxKeyBytes && encoder.encode(key).length > maxKeyBytes) {
    throw new TypeError(`cache key is longer than ${maxKeyBytes} UTF-8 bytes`)
  }
}

/**
 * The lifetime asked for, in milliseconds (rounded up), or undefined for no expiry (the entry
 * stays until it is deleted, overwritten with a TTL, or evicted). A TTL that is given must be a
 * positive finite number of seconds; 0, negative, NaN and Infinity are TypeErrors.
 */
export function ttlMilliseconds(options?: { ttlSeconds?: number }): number | undefined {
  const ttl = options?.ttlSeconds
  if (ttl === undefined) return undefined
  if (typeof ttl !== 'number' || !Number.isFinite(ttl) || ttl <= 0) {
    throw new TypeError('ttlSeconds must be a positive finite number of seconds (omit it for no expiry)')
  }
  return Math.ceil(ttl * 1000)
}
