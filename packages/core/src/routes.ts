/**
 * First path segments the platform keeps for itself: no shortlink may take one. The list below
 * holds segments kept for capabilities to come; the functions' manifests add what they claim
 * (`reserveSegments`). The redirect function and link validation refuse them as slugs.
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

/**
 * Reserves further first segments: the ones the functions' manifests claim (the platform's list
 * of functions calls this when it is built). Idempotent.
 */
export function reserveSegments(segments: Iterable<string>): void {
  for (const s of segments) reserved.add(s.toLowerCase())
}

/** Every reserved first segment: today's list and what the manifests claimed. */
export function allReservedSegments(): string[] {
  return [...reserved].sort()
}
