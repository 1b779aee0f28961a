/**
 * Token signing keys (ES256, every runtime's WebCrypto has P-256). Keys live in the SQL database
 * so every process and edge isolate signs with the same key and publishes the same JWKS; the
 * private half is sealed with the master key. The first signer makes one when none exists;
 * `rotateSigningKey` (a job) makes a new one and keeps the old published until its tokens expire.
 */
import { openSecret, type Platform, sealSecret } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { SigningKeyRow } from '@glam/db/repositories/signing-keys'
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type JWK } from 'jose'

export const alg = 'ES256'
const refreshMs = 5 * 60 * 1000
const unknownKidRefreshMs = 10 * 1000

interface KeySet {
  rows: SigningKeyRow[]
  loadedAt: number
  signer?: { kid: string; key: CryptoKey }
}
const sets = new WeakMap<object, KeySet>()
const purpose = (kid: string) => `signing-key:${kid}`

async function load(platform: Platform): Promise<KeySet> {
  const rows = await repositoriesOf(platform).signingKeys.published()
  const set: KeySet = { rows, loadedAt: platform.clock.now().getTime() }
  sets.set(platform.database, set)
  return set
}

async function keySet(platform: Platform, maxAgeMs = refreshMs): Promise<KeySet> {
  const set = sets.get(platform.database)
  if (set && platform.clock.now().getTime() - set.loadedAt < maxAgeMs) return set
  return load(platform)
}

/** Makes a key pair and stores it; returns its kid. */
export async function createSigningKey(platform: Platform): Promise<string> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true })
  const publicJwk = await exportJWK(publicKey)
  const kid = await calculateJwkThumbprint(publicJwk)
  const privateJwk = await exportJWK(privateKey)
  await repositoriesOf(platform).signingKeys.add({
    kid,
    alg,
    publicJwk: { ...(publicJwk as Record<string, string>), kid, alg, use: 'sig' },
    privateSealed: await sealSecret(
      platform.secrets.require('GLAM_MASTER_KEY'),
      purpose(kid),
      JSON.stringify(privateJwk),
    ),
  })
  platform.logger.info('auth.signing_key.created', { kid })
  return kid
}

/** The key new tokens are signed with (made on first use). */
export async function currentSigner(platform: Platform): Promise<{ kid: string; key: CryptoKey }> {
  let set = await keySet(platform)
  if (set.signer) return set.signer
  let active = set.rows.find((row) => !row.retiredAt)
  if (!active) {
    await createSigningKey(platform)
    set = await load(platform)
    active = set.rows.find((row) => !row.retiredAt)
    if (!active) throw new Error('no signing key after creating one')
  }
  const jwk = JSON.parse(
    await openSecret(platform.secrets.require('GLAM_MASTER_KEY'), purpose(active.kid), active.privateSealed),
  ) as JWK
  set.signer = { kid: active.kid, key: (await importJWK(jwk, alg)) as CryptoKey }
  return set.signer
}

/** The public key for a kid, or null; an unknown kid reloads the set (rate-limited) to see new keys. */
export async function verificationKey(platform: Platform, kid: string): Promise<CryptoKey | null> {
  let set = await keySet(platform)
  let row = set.rows.find((r) => r.kid === kid)
  if (!row && platform.clock.now().getTime() - set.loadedAt > unknownKidRefreshMs) {
    set = await load(platform)
    row = set.rows.find((r) => r.kid === kid)
  }
  if (!row || row.alg !== alg) return null
  return (await importJWK(row.publicJwk as JWK, alg)) as CryptoKey
}

/** The JWKS document: every key still published. */
export async function jwks(platform: Platform): Promise<{ keys: Record<string, string>[] }> {
  const set = await keySet(platform)
  if (!set.rows.some((row) => !row.retiredAt)) await currentSigner(platform)
  return { keys: (await keySet(platform)).rows.map((row) => row.publicJwk) }
}

/** Makes a new signing key and retires the others once tokens signed by them have expired. */
export async function rotateSigningKey(platform: Platform): Promise<{ kid: string; retired: number }> {
  const kid = await createSigningKey(platform)
  const graceMs = (platform.config.tokenTtlSeconds + 3600) * 1000
  const retired = await repositoriesOf(platform).signingKeys.retireOthers(
    kid,
    new Date(platform.clock.now().getTime() + graceMs),
  )
  await load(platform)
  return { kid, retired }
}
