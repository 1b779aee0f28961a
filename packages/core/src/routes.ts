/**
 * First path segments the platform keeps for itself: no shortlink may take one.
 * The runtime entries mount functions under these; the redirect function refuses them as slugs.
 */
export const reservedSegments = [
  'healthz',
  'readyz',
  'api',
  'auth',
  'graphql',
  'pixel.js',
  'collect',
  'a',
  'i',
  'dev',
  '.well-known',
  'favicon.ico',
  'robots.txt',
  'sitemap.xml',
  'static',
  'assets',
  'cdn',
  'img',
  'u',
  'upload',
  'webhooks',
  'metrics',
] as const

const reserved = new Set<string>(reservedSegments.map((s) => s.toLowerCase()))

/** True if a slug (or any path's first segment) belongs to the platform; case-insensitive. */
export function isReservedSegment(segment: string): boolean {
  return reserved.has(segment.toLowerCase())
}
