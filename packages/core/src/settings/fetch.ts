/**
 * Outbound fetches (feed imports, later webhooks and crawls) go through `@glam/core/safe-fetch`,
 * which refuses private, loopback and metadata addresses; the hosts listed here are the
 * exception, reached even when they are private (in development: the demo shop).
 */
import { z } from 'zod'
import { setting } from './define.ts'

/** `host` or `host:port`, lower-cased, as a URL's `host` spells it: `127.0.0.1:3001`, `[::1]:8080`. */
const hostPortList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i,
          'must be host or host:port, e.g. 127.0.0.1:3001',
        )
        .transform((h) => h.toLowerCase()),
    ),
  )

export const fetchSettings = {
  fetchAllowHosts: setting({
    env: 'GLAM_FETCH_ALLOW_HOSTS',
    schema: hostPortList,
    devDefault: '127.0.0.1:3001',
    productionDefault: '',
    description:
      'Comma-separated `host` or `host:port` entries (matched exactly against a URL’s host and port) that outbound fetches (feed imports, webhook deliveries) may reach although they are private or loopback; every other host must resolve to public addresses only. Development: the demo shop.',
  }),
} as const
