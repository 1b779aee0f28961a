/**
 * Small wrappers over WebCrypto (available on Node 20, workerd and Deno): random tokens,
 * SHA-256/HMAC, and sealing secrets at rest with AES-256-GCM under a key derived (HKDF)
 * from the master key. No algorithm is implemented here, only called.
 */
const encoder = new TextEncoder()
const base62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'

/** A random token in base62 (unbiased: bytes ≥ 248 are redrawn). */
export function randomToken(length = 32): string {
  let out = ''
  while (out.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length * 2))) {
      if (byte < 248 && out.length < length) out += base62[byte % 62]
    }
  }
  return out
}

const hex = (buffer: ArrayBuffer) =>
  Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, '0')).join('')

/** A digest of bytes as lowercase hex (`SHA-1` for ETags, `SHA-256` for keys). */
export async function digestHex(algorithm: 'SHA-1' | 'SHA-256', data: BufferSource): Promise<string> {
  return hex(await crypto.subtle.digest(algorithm, data))
}

export async function sha256Hex(value: string): Promise<string> {
  return digestHex('SHA-256', encoder.encode(value))
}

const hmacKeys = new Map<string, Promise<CryptoKey>>()
const hmacKey = (secret: string) => {
  let key = hmacKeys.get(secret)
  if (!key) {
    key = crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, [
      'sign',
    ])
    if (hmacKeys.size < 16) hmacKeys.set(secret, key)
  }
  return key
}

export async function hmacSha256Hex(secret: string, message: string): Promise<string> {
  return hex(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(message)))
}

/** Constant-time comparison of two strings (lengths may leak, contents do not). */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = encoder.encode(a)
  const y = encoder.encode(b)
  let diff = x.length ^ y.length
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0)
  return diff === 0
}

const b64 = {
  encode: (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)),
  decode: (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
}

async function sealingKey(masterKey: string, purpose: string): Promise<CryptoKey> {
  const base = await crypto.subtle.importKey('raw', encoder.encode(masterKey), 'HKDF', false, ['deriveKey'])
  return crypto.subtle.deriveKey(
    { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('glam/sealed/v1'), info: encoder.encode(purpose) },
    base,
    { name: 'AES-GCM', length: 256 },
    false,
    ['encrypt', 'decrypt'],
  )
}

/**
 * Encrypt a secret for storage: `v1.<base64 iv>.<base64 ciphertext+tag>`. The purpose
 * (e.g. `shop-secret:<shopId>`) is bound as additional data, so a sealed value copied to
 * another row does not open.
 */
export async function sealSecret(masterKey: string, purpose: string, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12))
  const key = await sealingKey(masterKey, 'glam')
  const sealed = await crypto.subtle.encrypt(
    { name: 'AES-GCM', iv, additionalData: encoder.encode(purpose) },
    key,
    encoder.encode(plaintext),
  )
  return `v1.${b64.encode(iv)}.${b64.encode(new Uint8Array(sealed))}`
}

export async function openSecret(masterKey: string, purpose: string, sealed: string): Promise<string> {
  const [version, iv, data] = sealed.split('.')
  if (version !== 'v1' || !iv || !data) throw new Error('unknown sealed-secret format')
  const key = await sealingKey(masterKey, 'glam')
  const plain = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: b64.decode(iv), additionalData: encoder.encode(purpose) },
    key,
    b64.decode(data),
  )
  return new TextDecoder().decode(plain)
}

/**
 * The nil UUID: what ClickHouse's UUID columns hold for "none" (a click without a link, an
 * order without an influencer), never a real record's id.
 */
export const nilUuid = '00000000-0000-0000-0000-000000000000'
