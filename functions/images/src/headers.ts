/**
 * The headers of a variant's answer (the Hono route and the Node fast path share them): type, a
 * strong ETag known from the key, caching by access (public: a year, immutable; signed: private
 * until the signature expires; a session: private, revalidated), `Vary: Accept` when the format
 * was negotiated, and the same sandbox the originals carry.
 */
import { yearSeconds } from '@glam/assets/delivery-headers'
import type { ResolvedVariant } from '@glam/images/variants'

export function variantHeaders(
  variant: Pick<ResolvedVariant, 'etag' | 'contentType'>,
  options: { access: 'public' | 'signed' | 'session'; negotiated: boolean; signedForSeconds?: number },
): Record<string, string> {
  const { access } = options
  const vary = [
    ...(options.negotiated ? ['Accept'] : []),
    ...(access === 'public' ? [] : ['Cookie', 'Authorization']),
  ]
  return {
    ETag: variant.etag,
    'Cache-Control':
      access === 'public'
        ? `public, max-age=${yearSeconds}, immutable`
        : access === 'signed'
          ? `private, max-age=${Math.max(0, Math.min(3600, options.signedForSeconds ?? 0))}`
          : 'private, no-cache',
    'Content-Type': variant.contentType,
    'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; sandbox",
    'Cross-Origin-Resource-Policy': access === 'public' ? 'cross-origin' : 'same-origin',
    ...(vary.length > 0 && { Vary: vary.join(', ') }),
  }
}
