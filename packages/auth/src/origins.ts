/**
 * Which web origins are Glam itself, and which belong to registered apps. Tokens travel only to
 * app origins that are not Glam (a Glam page under another name, such as a shortlink on
 * `127.0.0.1:3000`, would forward a fragment to wherever it redirects), and cookie-authenticated
 * changes are accepted only from Glam's own origin or a registered app origin.
 *
 * ```ts
 * isGlamOrigin('http://127.0.0.1:3000', config) // true in development: Glam under an alias
 * await registeredAppOrigins(platform) // Set { 'https://partner.example' }
 * ```
 */
import { addressRange, type Config, isIpAddress, type Platform, webOrigin } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { z } from 'zod'

const defaultPort = (protocol: string) => (protocol === 'https:' ? '443' : '80')
const effectivePort = (url: URL) => url.port || defaultPort(url.protocol)

/** Names every machine answers to for itself. */
function isLoopbackName(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '')
  if (host === 'localhost' || host.endsWith('.localhost')) return true
  if (!isIpAddress(host)) return false
  const range = addressRange(host)
  return range === 'loopback' || range === 'unspecified'
}

/**
 * Whether `origin` is served by Glam: its public URL's host, the loopback names, or a host in
 * GLAM_HOST_ALIASES (an alias with a port only on that port), on a port Glam answers on (the
 * public URL's, the server's, 80 and 443 behind a proxy). Also the origin a request came in on.
 */
export function isGlamOrigin(origin: string, config: Config, requestUrl?: string): boolean {
  let url: URL
  try {
    url = new URL(origin)
  } catch {
    return false
  }
  if (requestUrl && safeOrigin(requestUrl) === url.origin) return true
  const publicUrl = new URL(config.publicUrl)
  if (url.origin === publicUrl.origin) return true
  const host = url.hostname.toLowerCase()
  const port = effectivePort(url)
  const glamPorts = new Set([effectivePort(publicUrl), String(config.port), '80', '443'])
  for (const alias of config.hostAliases) {
    const aliasUrl = safeUrl(`http://${alias}`)
    if (!aliasUrl || aliasUrl.hostname !== host) continue
    if (aliasUrl.port ? aliasUrl.port === port : glamPorts.has(port)) return true
  }
  if (host === publicUrl.hostname.toLowerCase() || isLoopbackName(host)) return glamPorts.has(port)
  return false
}

const safeUrl = (value: string) => {
  try {
    return new URL(value)
  } catch {
    return null
  }
}
const safeOrigin = (value: string) => safeUrl(value)?.origin ?? null

/**
 * The zod schema of an app origin: a normalised web origin (public hosts only in production)
 * that is not Glam itself (nor the origin the registering request came in on).
 */
export function appOriginSchema(config: Config, requestUrl?: string) {
  return webOrigin({ publicOnly: config.env === 'production' }).refine(
    (origin) => !isGlamOrigin(origin, config, requestUrl),
    'is served by Glam itself (its public URL, localhost, 127.0.0.1, [::1] or GLAM_HOST_ALIASES); apps served by Glam register no origin',
  )
}

export const appOriginsSchema = (config: Config, requestUrl?: string) =>
  z
    .array(appOriginSchema(config, requestUrl))
    .max(20)
    .transform((list) => [...new Set(list)])

const cacheMs = 5_000
const cached = new WeakMap<Platform['database'], { at: number; origins: Promise<ReadonlySet<string>> }>()

/**
 * Every origin a registered app declares, minus any that are Glam's own (apps registered before
 * that rule), cached for five seconds per database: read by CORS and CSRF on each request that
 * names a foreign origin.
 */
export function registeredAppOrigins(platform: Platform): Promise<ReadonlySet<string>> {
  const now = platform.clock.now().getTime()
  const hit = cached.get(platform.database)
  if (hit && now - hit.at < cacheMs) return hit.origins
  const origins = repositoriesOf(platform)
    .apps.list()
    .then(
      (apps) =>
        new Set(
          apps.flatMap((a) => a.origins).filter((o) => !isGlamOrigin(o, platform.config)),
        ) as ReadonlySet<string>,
    )
  origins.catch(() => cached.delete(platform.database))
  cached.set(platform.database, { at: now, origins })
  return origins
}

/** Forget the cached app origins (after an app changed). */
export function forgetAppOrigins(platform: Platform): void {
  cached.delete(platform.database)
}
