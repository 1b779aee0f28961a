/**
 * The headers of a variant's answer (the Hono route and the Node fast path share them): type, a
 * strong ETag known from the key, caching by access (public: a year, immutable; signed: private
 * until the signature expires; a session: private, revalidated), `Vary: Accept` when the format
 * was negotiated, and the same sandbox the originals carry.
 */
import { accessHeaders, type OriginalAccess } from '@glam/assets/delivery-headers'
import type { ResolvedVariant } from '@glam/images/variants'

export function variantHeaders(
  variant: Pick<ResolvedVariant, 'etag' | 'contentType'>,
  options: { access: OriginalAccess; negotiated: boolean; signedForSeconds?: number },
): Record<string, string> {
  const { access } = options
  const vary = [
    ...(options.negotiated ? ['Accept'] : []),
    ...(access === 'public' ? [] : ['Cookie', 'Authorization']),
  ]
  const { 'Cache-Control': cacheControl, ...policy } = accessHeaders(access, options.signedForSeconds)
  return {
    ETag: variant.etag,
    'Cache-Control': cacheControl!,
    'Content-Type': variant.contentType,
    ...policy,
    ...(vary.length > 0 && { Vary: vary.join(', ') }),
  }
}
