/**
 * Signed tokens other apps verify offline against `/.well-known/jwks.json`: ES256 JWTs with a
 * `kid`, issued for one app (`aud`), carrying the user's grants for that app.
 * Verification accepts ES256 only (no `none`, no HMAC confusion), checks issuer, audience,
 * expiry (30 s leeway) and that the kid is one of ours.
 */
import { GlamError, type Platform } from '@glam/core'
import type { Grant } from '@glam/db/repositories/users'
import { decodeProtectedHeader, errors, type JWTPayload, jwtVerify, SignJWT } from 'jose'
import { alg, currentSigner, verificationKey } from './keys.ts'

export interface TokenGrant {
  role: string
  scope?: { type: 'customer' | 'influencer'; id: string }
}

export interface GlamTokenClaims extends JWTPayload {
  sub: string
  email: string
  app: string
  grants: TokenGrant[]
}

export const issuerOf = (platform: Platform) => new URL(platform.config.publicUrl).origin

export const tokenGrants = (grants: readonly Grant[]): TokenGrant[] =>
  grants.map((g) =>
    g.scopeType ? { role: g.role, scope: { type: g.scopeType, id: g.scopeId } } : { role: g.role },
  )

export async function issueToken(
  platform: Platform,
  input: { userId: string; email: string; app: string; grants: readonly Grant[] },
): Promise<{ token: string; expiresIn: number }> {
  const { kid, key } = await currentSigner(platform)
  const ttl = platform.config.tokenTtlSeconds
  const now = Math.floor(platform.clock.now().getTime() / 1000)
  const token = await new SignJWT({ email: input.email, app: input.app, grants: tokenGrants(input.grants) })
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .setIssuer(issuerOf(platform))
    .setAudience(input.app)
    .setSubject(input.userId)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setJti(crypto.randomUUID())
    .sign(key)
  return { token, expiresIn: ttl }
}

/** True when a bearer credential has the shape of a JWT (API keys never contain dots). */
export const looksLikeJwt = (value: string) => /^eyJ[\w-]*\.[\w-]*\.[\w-]*$/.test(value)

/** Verifies a token for one of `audiences`; any failure is a GlamError INVALID_TOKEN with the reason. */
export async function verifyToken(
  platform: Platform,
  token: string,
  audiences: string | string[],
): Promise<GlamTokenClaims> {
  const refuse = (reason: string, cause?: unknown) =>
    new GlamError('INVALID_TOKEN', `The token is not valid: ${reason}.`, {
      headers: { 'WWW-Authenticate': 'Bearer realm="glam", error="invalid_token"' },
      cause,
    })
  let kid: string | undefined
  try {
    const header = decodeProtectedHeader(token)
    if (header.alg !== alg) throw refuse(`algorithm ${String(header.alg)} is not accepted`)
    kid = header.kid
  } catch (err) {
    if (err instanceof GlamError) throw err
    throw refuse('malformed', err)
  }
  if (!kid) throw refuse('no kid')
  const key = await verificationKey(platform, kid)
  if (!key) throw refuse('unknown kid')
  try {
    const { payload } = await jwtVerify(token, key, {
      algorithms: [alg],
      issuer: issuerOf(platform),
      audience: audiences,
      clockTolerance: 30,
      currentDate: platform.clock.now(),
      requiredClaims: ['sub', 'exp', 'iat'],
    })
    if (
      typeof payload.email !== 'string' ||
      typeof payload.app !== 'string' ||
      !Array.isArray(payload.grants)
    )
      throw refuse('missing claims')
    return payload as GlamTokenClaims
  } catch (err) {
    if (err instanceof GlamError) throw err
    if (err instanceof errors.JWTExpired) throw refuse('expired', err)
    if (err instanceof errors.JWTClaimValidationFailed) throw refuse(`claim ${err.claim} is wrong`, err)
    if (err instanceof errors.JWSSignatureVerificationFailed) throw refuse('bad signature', err)
    throw refuse('malformed', err)
  }
}
