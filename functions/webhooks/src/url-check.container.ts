/**
 * Where a webhook may point, checked at registration (delivery checks again through safeFetch,
 * on every address DNS returns and on the connected socket): http(s) only, https in production,
 * no credentials, and a host that neither is nor resolves to a private, loopback, link-local or
 * metadata address. Hosts on `GLAM_FETCH_ALLOW_HOSTS` (`host:port`, exact) skip the address check.
 */
import { promises as dns } from 'node:dns'
import { GlamError, isIpAddress, isPrivateHost, isPublicAddress, localSlot, type Platform } from '@glam/core'
import type { SafeFetchLookup } from '@glam/core/safe-fetch'
import './errors.ts'

/** The resolver registration and delivery use; per platform, so a test can answer for a name. */
export const webhookDns = localSlot('webhooks.dns', () => ({
  lookup: ((hostname) => dns.lookup(hostname, { all: true })) as SafeFetchLookup,
}))

const dnsTimeoutMs = 5_000

const blocked = (reason: string, message: string) =>
  new GlamError('WEBHOOK_URL_BLOCKED', message, { details: { path: 'url', reason } })

async function resolve(lookup: SafeFetchLookup, hostname: string) {
  let timer: ReturnType<typeof setTimeout> | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), dnsTimeoutMs)
  })
  try {
    return await Promise.race([lookup(hostname), timeout])
  } catch {
    return []
  } finally {
    clearTimeout(timer)
  }
}

/** The URL as it will be stored (fragment dropped), or a GlamError naming the field and the reason. */
export async function checkEndpointUrl(platform: Platform, raw: string): Promise<string> {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new GlamError('VALIDATION_FAILED', 'The url must be an absolute URL.', {
      details: [{ path: 'url', code: 'invalid_format', message: 'must be an absolute URL' }],
    })
  }
  const production = platform.config.env === 'production'
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw blocked('scheme', `Webhooks go to https URLs, not ${url.protocol}`)
  if (production && url.protocol !== 'https:')
    throw blocked('https_required', 'Webhooks go to https URLs in production.')
  if (url.username || url.password)
    throw blocked('credentials', 'The URL must not carry a user name or password.')
  url.hash = ''
  const host = url.host.toLowerCase()
  if (platform.config.fetchAllowHosts.some((h) => h.trim().toLowerCase() === host)) return url.href
  if (isPrivateHost(url.hostname))
    throw blocked(
      'private_address',
      `${url.hostname} is a private, loopback, link-local or metadata address; webhooks go to public hosts.`,
    )
  if (!isIpAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
    const found = await resolve(platform.local.of(webhookDns).lookup, url.hostname)
    if (found.length === 0) throw blocked('unresolvable', `${url.hostname} does not resolve to an address.`)
    if (!found.every((a) => isPublicAddress(a.address)))
      throw blocked('resolves_private', `${url.hostname} resolves to a private or local address.`)
  }
  return url.href
}
