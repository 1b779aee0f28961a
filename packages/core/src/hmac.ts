/**
 * A keyed HMAC-SHA256 for per-click work (click tokens, visitor hashes):
 * synchronous on every runtime, and the fastest one each runtime has. node:crypto is native on
 * Node and on workerd (nodejs_compat); on Deno its HMAC is a slow shim, so Deno uses
 * @noble/hashes (audited, pure JS) with the keyed state prepared once and cloned per message.
 * Measured per call (a 70-byte message, BENCHMARKS.md "Redirect"): Node 1.8 µs native against
 * 3.0 µs noble; Deno 7.7 µs node:crypto against 3.6 µs noble.
 */
import { createHmac } from 'node:crypto'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'

export type KeyedHmac = (message: Uint8Array | string) => Uint8Array

const onDeno = 'Deno' in globalThis

/** HMAC-SHA256 under `key`, prepared once; call the result with each message. */
export function keyedHmacSha256(
  key: Uint8Array,
  using: 'native' | 'noble' = onDeno ? 'noble' : 'native',
): KeyedHmac {
  if (using === 'native') return (message) => createHmac('sha256', key).update(message).digest()
  const base = hmac.create(sha256, key)
  return (message) =>
    base
      .clone()
      .update(typeof message === 'string' ? utf8ToBytes(message) : message)
      .digest()
}

/** A key derived from a secret for one purpose (HMAC-SHA256(secret, label)). */
export function deriveKey(secret: string, label: string): Uint8Array {
  return hmac(sha256, utf8ToBytes(secret), utf8ToBytes(label))
}

/**
 * An HMAC-SHA256 for one purpose: its key derived from a secret under `label`, prepared once per
 * secret and kept (a process has one or two secrets, rotated rarely).
 *
 * ```ts
 * const macFor = purposeHmac('glam/asset-url/v1')
 * const sig = macFor(secret)(`${file}:${exp}`)
 * ```
 */
export function purposeHmac(label: string): (secret: string) => KeyedHmac {
  const keys = new Map<string, KeyedHmac>()
  return (secret) => {
    let mac = keys.get(secret)
    if (!mac) {
      mac = keyedHmacSha256(deriveKey(secret, label))
      keys.set(secret, mac)
    }
    return mac
  }
}
