import { deriveKey } from '@glam/core/hmac'
import { newId } from '@glam/db/ids'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import { clickToken, readClickToken } from './click-token.ts'

describe('click tokens', () => {
  const secret = 'test-secret-0123456789'
  it('round-trips the click and link ids and the click time', () => {
    const clickId = newId()
    const linkId = newId()
    const token = clickToken(secret, clickId, linkId)
    expect(token).toMatch(/^[A-Za-z0-9_-]{54}$/)
    const ref = readClickToken(secret, token)!
    expect(ref).toMatchObject({ clickId, linkId })
    expect(Math.abs(ref.clickedAt - Date.now())).toBeLessThan(5000)
  })
  it('refuses altered, forged, truncated and foreign-secret tokens', () => {
    const token = clickToken(secret, newId(), newId())
    const flipped = `${token.slice(0, 10)}${token[10] === 'A' ? 'B' : 'A'}${token.slice(11)}`
    for (const bad of [flipped, token.slice(0, 53), `${token}x`, 'forged', '', '!'.repeat(54)]) {
      expect(readClickToken(secret, bad)).toBeNull()
    }
    expect(readClickToken('another-secret-0123456789', token)).toBeNull()
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
