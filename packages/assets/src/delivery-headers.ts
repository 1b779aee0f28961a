/**
 * The headers of an original's answer, one definition for the Hono route and the Node fast
 * path: type, disposition (the name made safe), a strong ETag (the hash), caching by access
 * (public: a year, immutable; signed: private until the signature expires; a session: private,
 * revalidated), and a policy that keeps browsers from running the bytes as a page.
 */
import { contentDisposition } from './names.ts'

export type OriginalAccess = 'public' | 'signed' | 'session'

export const yearSeconds = 31_536_000

/**
 * What every answer of stored bytes carries by its access, originals and image variants alike:
 * caching (public: a year, immutable; signed: private until the signature expires, an hour at
 * most; a session: private, revalidated), a policy that keeps browsers from running the bytes as
 * a page, and who may embed them.
 */
export function accessHeaders(access: OriginalAccess, signedForSeconds?: number): Record<string, string> {
  return {
    'Cache-Control':
      access === 'public'
        ? `public, max-age=${yearSeconds}, immutable`
        : access === 'signed'
          ? `private, max-age=${Math.max(0, Math.min(3600, signedForSeconds ?? 0))}`
          : 'private, no-cache',
    // Whatever the bytes are, a browser must not run them as a page.
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'Cross-Origin-Resource-Policy': access === 'public' ? 'cross-origin' : 'same-origin',
  }
}

export function originalHeaders(input: {
  sha256: string
  contentType: string
  inline: boolean
  name: string
  access: OriginalAccess
  /** Signed URLs: seconds until the signature expires. */
  signedForSeconds?: number
}): Record<string, string> {
  const { access } = input
  const { 'Cache-Control': cacheControl, ...policy } = accessHeaders(access, input.signedForSeconds)
  const headers: Record<string, string> = {
    ETag: `"${input.sha256}"`,
    'Cache-Control': cacheControl!,
    'Accept-Ranges': 'bytes',
    'Content-Type': input.contentType,
    'Content-Disposition': contentDisposition(input.inline ? 'inline' : 'attachment', input.name),
    ...policy,
  }
  if (access !== 'public') headers.Vary = 'Cookie, Authorization'
  return headers
}

export const etagMatches = (header: string | undefined, etag: string) =>
  header?.split(',').some((tag) => {
    const t = tag.trim()
    return t === '*' || t === etag || t === `W/${etag}`
  }) === true
