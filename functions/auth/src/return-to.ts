/**
 * `returnTo` may only lead back to this site (a path) or to an origin the app registered:
 * no open redirect through the login. Protocol-relative (`//evil`), backslash tricks,
 * credentials and non-http(s) schemes are refused.
 */
import { GlamError } from '@glam/core'
import type { App } from '@glam/db/repositories/apps'
import './errors.ts' // registers this function's error codes

export const defaultReturnTo = '/auth/account'

export function checkReturnTo(
  raw: string | undefined | null,
  app: Pick<App, 'origins'>,
  publicUrl: string,
): string {
  if (!raw) return defaultReturnTo
  const refuse = () => new GlamError('INVALID_RETURN_TO')
  const control = [...raw].some((ch) => ch.charCodeAt(0) < 0x20 || ch === '\\')
  if (raw.length > 2048 || control) throw refuse()
  const own = new URL(publicUrl).origin
  if (raw.startsWith('/')) {
    if (raw.startsWith('//')) throw refuse()
    const url = new URL(raw, own)
    if (url.origin !== own) throw refuse()
    return `${url.pathname}${url.search}${url.hash}`
  }
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw refuse()
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw refuse()
  if (url.username || url.password) throw refuse()
  if (url.origin !== own && !app.origins.includes(url.origin)) throw refuse()
  return url.href
}
