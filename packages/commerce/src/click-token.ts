/**
 * The click token in `glam_cid`: the click id (UUIDv7: sortable, with its time) and the link id,
 * sealed with a truncated HMAC-SHA256 under a key derived from `GLAM_SECRET`, in base64url
 * (54 characters). The pixel and the server-to-server API read the link, and so the influencer,
 * campaign and customer, straight from it, on any runtime, without asking ClickHouse, and a
 * forged or altered token is recognised and ignored.
 */
import { deriveKey, type KeyedHmac, keyedHmacSha256 } from '@glam/core/hmac'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import { base64urlnopad } from '@scure/base'

const macBytes = 8
// The keyed HMAC, prepared once per secret (synchronous: no WebCrypto round trip per click).
let keyed: { secret: string; mac: KeyedHmac } | undefined

function mac(secret: string, body: Uint8Array): Uint8Array {
  if (keyed?.secret !== secret) {
    keyed = { secret, mac: keyedHmacSha256(deriveKey(secret, 'glam/click-token/v1')) }
  }
  return keyed.mac(body).subarray(0, macBytes)
}

const uuidHex = (uuid: string) => uuid.replaceAll('-', '')
const uuidOf = (hex: string) =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export const clickTokenPattern = /^[A-Za-z0-9_-]{54}$/

/** The token for a click on a link (both UUIDs). */
export function clickToken(secret: string, clickId: string, linkId: string): string {
  const bytes = new Uint8Array(32 + macBytes)
  bytes.set(hexToBytes(uuidHex(clickId) + uuidHex(linkId)))
  bytes.set(mac(secret, bytes.subarray(0, 32)), 32)
  return base64urlnopad.encode(bytes)
}

export interface ClickRef {
  clickId: string
  linkId: string
  /** When the click happened (from the UUIDv7), epoch ms. */
  clickedAt: number
}

/** The click a token names, or null when it is malformed, forged or altered. */
export function readClickToken(secret: string, token: string): ClickRef | null {
  if (!clickTokenPattern.test(token)) return null
  let bytes: Uint8Array
  try {
    bytes = base64urlnopad.decode(token)
  } catch {
    return null
  }
  if (bytes.length !== 32 + macBytes) return null
  const expected = mac(secret, bytes.subarray(0, 32))
  let diff = 0
  for (let i = 0; i < macBytes; i++) diff |= expected[i]! ^ bytes[32 + i]!
  if (diff !== 0) return null
  const hex = bytesToHex(bytes.subarray(0, 32))
  const clickId = uuidOf(hex.slice(0, 32))
  const linkId = uuidOf(hex.slice(32, 64))
  if (!uuidPattern.test(clickId) || !uuidPattern.test(linkId)) return null
  const clickedAt = Number.parseInt(clickId.replaceAll('-', '').slice(0, 12), 16)
  return { clickId, linkId, clickedAt }
}
