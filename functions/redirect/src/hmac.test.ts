import { randomBytes } from 'node:crypto'
import { newId } from '@glam/db/ids'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { clickToken, readClickToken } from './click-token.ts'
import { deriveKey, keyedHmacSha256 } from './hmac.ts'
import { visitorHash } from './visitor.ts'

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

  it('keeps visitor hashes as they were: HMAC(HMAC(secret, "glam/visitor/<UTC date>"), ip \\n ua), 16 bytes', () => {
    const secret = 'visitor-secret-0123456789'
    const now = new Date('2026-11-26T23:59:59.999Z')
    const key = hmac(sha256, utf8ToBytes(secret), utf8ToBytes('glam/visitor/2026-11-26'))
    const expected = bytesToHex(hmac(sha256, key, utf8ToBytes('203.0.113.9\nMozilla/5.0'))).slice(0, 32)
    expect(visitorHash(secret, now, '203.0.113.9', 'Mozilla/5.0')).toBe(expected)
    // The next UTC day has another key; another secret too.
    expect(visitorHash(secret, new Date('2026-11-27T00:00:00Z'), '203.0.113.9', 'Mozilla/5.0')).not.toBe(
      expected,
    )
    expect(visitorHash(`${secret}x`, now, '203.0.113.9', 'Mozilla/5.0')).not.toBe(expected)
  })

  it('reads click tokens minted before the switch to native HMAC (same key, same MAC)', () => {
    const secret = 'test-secret-0123456789'
    const clickId = newId()
    const linkId = newId()
    const body = Buffer.from(clickId.replaceAll('-', '') + linkId.replaceAll('-', ''), 'hex')
    const key = hmac(sha256, utf8ToBytes(secret), utf8ToBytes('glam/click-token/v1'))
    const old = Buffer.concat([body, hmac(sha256, key, body).subarray(0, 8)]).toString('base64url')
    expect(clickToken(secret, clickId, linkId)).toBe(old)
    expect(readClickToken(secret, old)).toMatchObject({ clickId, linkId })
    expect(deriveKey(secret, 'glam/click-token/v1')).toEqual(key)
  })
})
