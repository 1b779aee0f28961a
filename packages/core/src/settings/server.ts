/**
 * The HTTP server: where it listens, the names it answers to, which browsers may call `/api`,
 * whom it believes about the client, what requests it accepts, and how long it takes to stop.
 */
import { z } from 'zod'
import { isAddressOrCidr } from '../addresses.ts'
import { setting } from './define.ts'

const originList = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.union([z.literal('*'), z.url({ protocol: /^https?$/ })])))

const commaList = z.string().transform((v) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
)

/** Host names (optionally with a port), lower-cased: `glam.example`, `www.glam.example:8443`. */
const hostList = commaList.pipe(
  z.array(
    z
      .string()
      .regex(/^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(:\d{1,5})?$/i, 'must be host names, e.g. glam.example')
      .transform((h) => h.toLowerCase()),
  ),
)

/** IP addresses or CIDRs (`10.0.0.0/8`, `::1`), checked by the address helper. */
const cidrList = commaList.pipe(
  z.array(z.string().refine(isAddressOrCidr, 'must be IP addresses or CIDRs, e.g. 10.0.0.0/8')),
)

export const serverSettings = {
  port: setting({
    env: 'PORT',
    schema: z.coerce.number().int().min(0).max(65535),
    default: 3000,
    description: 'Port of the Node server (0 picks a free one).',
  }),
  host: setting({
    env: 'HOST',
    schema: z.string().min(1).optional(),
    description: 'Address the Node server binds; unset means every interface (IPv4 and IPv6).',
  }),
  publicUrl: setting({
    env: 'GLAM_PUBLIC_URL',
    schema: z.url({ protocol: /^https?$/ }),
    devDefault: 'http://localhost:3000',
    requiredInProduction: true,
    description: "The platform's public origin, used in links, mails and tokens.",
    insecure: (v) => (new URL(v).protocol === 'http:' ? 'must be https in production' : false),
  }),
  hostAliases: setting({
    env: 'GLAM_HOST_ALIASES',
    schema: hostList,
    default: '',
    description:
      'Comma-separated further host names Glam answers to (besides its public URL, `localhost`, `127.0.0.1`, `[::1]`); no app may register them as an origin.',
  }),
  trustedProxies: setting({
    env: 'GLAM_TRUSTED_PROXIES',
    schema: cidrList,
    default: '',
    description:
      'Comma-separated addresses or CIDRs of the proxies in front (e.g. `10.0.0.0/8,::1`); only from them are `X-Forwarded-For`, `X-Real-IP` and `CF-Connecting-IP` believed, else the socket address counts.',
  }),
  corsOrigins: setting({
    env: 'GLAM_CORS_ORIGINS',
    schema: originList,
    devDefault: '*',
    productionDefault: '',
    description: 'Comma-separated origins allowed to call `/api` from browsers; `*` only in development.',
    insecure: (v) => (v.includes('*') ? 'open CORS (`*`) is a development default' : false),
  }),
  countryHeader: setting({
    env: 'GLAM_COUNTRY_HEADER',
    schema: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    default: 'cf-ipcountry',
    description:
      "Request header that carries the visitor's country (ISO 3166-1 alpha-2), set by the edge or the proxy.",
  }),
  bodyLimitBytes: setting({
    env: 'GLAM_BODY_LIMIT_BYTES',
    schema: z.coerce
      .number()
      .int()
      .min(1024)
      .max(64 * 1024 * 1024),
    default: 1024 * 1024,
    description: 'Largest request body accepted by JSON endpoints; larger ones are refused while streaming.',
  }),
  shutdownTimeoutMs: setting({
    env: 'GLAM_SHUTDOWN_TIMEOUT_MS',
    schema: z.coerce.number().int().min(0).max(600_000),
    default: 10_000,
    description: 'On SIGTERM, how long in-flight requests and background work may take before exit.',
  }),
} as const
