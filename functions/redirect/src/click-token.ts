/**
 * The click token in `glam_cid`: the click id (UUIDv7: sortable, with its time) and the link id,
 * sealed with a truncated HMAC-SHA256 under a key derived from `GLAM_SECRET`, in base64url
 * (54 characters). The pixel and the server-to-server API read the link, and so the influencer,
 * campaign and customer, straight from it, on any runtime, without asking ClickHouse, and a
 * forged or altered token is recognised and ignored.
 */
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'

const macBytes = 8
let keyed: { secret: string; base: ReturnType<typeof hmac.create> } | undefined

function mac(secret: string, body: Uint8Array): Uint8Array {
  if (keyed?.secret !== secret) {
    const key = hmac(sha256, utf8ToBytes(secret), utf8ToBytes('glam/click-token/v1'))
    keyed = { secret, base: hmac.create(sha256, key) }
  }
  return keyed.base.clone().update(body).digest().subarray(0, macBytes)
}

const uuidBytes = (uuid: string, into: Uint8Array, at: number) => {
  const hex = uuid.replaceAll('-', '')
  for (let i = 0; i < 16; i++) into[at + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16)
}
const uuidOf = (bytes: Uint8Array, at: number) => {
  let hex = ''
  for (let i = 0; i < 16; i++) hex += bytes[at + i]!.toString(16).padStart(2, '0')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

const toBase64Url = (bytes: Uint8Array) =>
  btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '')

export const clickTokenPattern = /^[A-Za-z0-9_-]{54}$/

/** The token for a click on a link (both UUIDs). */
export function clickToken(secret: string, clickId: string, linkId: string): string {
  const bytes = new Uint8Array(32 + macBytes)
  uuidBytes(clickId, bytes, 0)
  uuidBytes(linkId, bytes, 16)
  bytes.set(mac(secret, bytes.subarray(0, 32)), 32)
  return toBase64Url(bytes)
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
    bytes = Uint8Array.from(atob(token.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0))
  } catch {
    return null
  }
  if (bytes.length !== 32 + macBytes) return null
  const expected = mac(secret, bytes.subarray(0, 32))
  let diff = 0
  for (let i = 0; i < macBytes; i++) diff |= expected[i]! ^ bytes[32 + i]!
  if (diff !== 0) return null
  const clickId = uuidOf(bytes, 0)
  const linkId = uuidOf(bytes, 16)
  if (!uuidPattern.test(clickId) || !uuidPattern.test(linkId)) return null
  const clickedAt = Number.parseInt(clickId.replaceAll('-', '').slice(0, 12), 16)
  return { clickId, linkId, clickedAt }
}
