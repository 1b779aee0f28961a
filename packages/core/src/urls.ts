/**
 * URLs that Glam stores and later writes into `Location` headers, links and mails: parsed once
 * with the WHATWG URL parser and kept as its normalised `href` (IDNA to punycode, spaces, tabs
 * and backslashes resolved, non-ASCII percent-encoded), so whatever leaves is plain ASCII.
 *
 * ```ts
 * const schema = z.strictObject({ destination: webUrl({ publicOnly: production }) })
 * schema.parse({ destination: ' HTTPS://раураl.com/€ ' }).destination // 'https://xn--l-7sba6dbr.com/%E2%82%AC'
 * ```
 */
import { z } from 'zod'
import { isPrivateHost } from './addresses.ts'

/** The longest stored URL, counted on its normalised form. */
export const maxUrlLength = 2048

/** The normalised href of an absolute http(s) URL, or null. */
export function normalizeWebUrl(value: string): string | null {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return null
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null
}

export interface WebUrlOptions {
  /** Refuse private, loopback, link-local and local-name hosts (production). */
  publicOnly: boolean
  /** Longest normalised form; default 2,048 characters. */
  max?: number
}

/**
 * A zod schema for a stored web address: an absolute http(s) URL without credentials, its
 * normalised form at most `max` characters, public hosts only when `publicOnly`. Parses to the
 * normalised href.
 */
export function webUrl({ publicOnly, max = maxUrlLength }: WebUrlOptions) {
  // Raw input may be longer than the limit before normalisation folds it (spaces, case), but
  // not without bound: the zod check runs before anything is parsed.
  return z
    .string()
    .max(max * 4)
    .transform((value, ctx) => {
      let url: URL
      try {
        url = new URL(value)
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' })
        return z.NEVER
      }
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        ctx.addIssue({ code: 'custom', message: 'must be an absolute http(s) URL' })
        return z.NEVER
      }
      if (url.username || url.password) {
        ctx.addIssue({ code: 'custom', message: 'must not contain credentials' })
        return z.NEVER
      }
      if (publicOnly && isPrivateHost(url.hostname)) {
        ctx.addIssue({ code: 'custom', message: 'private and loopback hosts are not allowed' })
        return z.NEVER
      }
      if (url.href.length > max) {
        ctx.addIssue({
          code: 'custom',
          message: `must be at most ${max} characters once normalised (this one is ${url.href.length})`,
        })
        return z.NEVER
      }
      return url.href
    })
}

/**
 * A zod schema for a web origin (`https://shop.example`, `http://127.0.0.1:3001`): scheme, host
 * and port only, normalised (`HTTPS://Shop.Example:443/` → `https://shop.example`).
 */
export function webOrigin({ publicOnly }: { publicOnly: boolean }) {
  return z
    .string()
    .max(1024)
    .transform((value, ctx) => {
      let url: URL
      try {
        url = new URL(value)
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://shop.example' })
        return z.NEVER
      }
      const bare = (url.pathname === '/' || url.pathname === '') && !url.search && !url.hash
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !bare) {
        ctx.addIssue({ code: 'custom', message: 'must be an origin such as https://shop.example (no path)' })
        return z.NEVER
      }
      if (publicOnly && isPrivateHost(url.hostname)) {
        ctx.addIssue({ code: 'custom', message: 'private and loopback hosts are not allowed' })
        return z.NEVER
      }
      return url.origin
    })
}

/** Whether a string is safe as an HTTP header value as written (visible ASCII, spaces, tabs). */
export function isHeaderSafe(value: string): boolean {
  return /^[\t\x20-\x7e]*$/.test(value)
}
