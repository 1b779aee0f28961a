import { randomBytes } from 'node:crypto'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { keyedHmacSha256 } from './hmac.ts'

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex')

describe('the per-click HMAC', () => {
  it('gives the same MAC natively and with @noble/hashes, and matches RFC 4231 test case 2', () => {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    for (const using of ['native', 'noble'] as const) {
      expect(hex(keyedHmacSha256(utf8ToBytes('Jefe'), using)('what do ya want for nothing?'))).toBe(
        '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
      )
    }
    for (let i = 0; i < 50; i++) {
      const key = randomBytes(32)
      const message = randomBytes(i * 7)
      const expected = hex(hmac(sha256, key, message))
      expect(hex(keyedHmacSha256(key, 'native')(message))).toBe(expected)
      // A prepared MAC is reused for every message: no state leaks from one call to the next.
      const noble = keyedHmacSha256(key, 'noble')
      expect(hex(noble(message))).toBe(expected)
      expect(hex(noble(message))).toBe(expected)
    }
  })
})
