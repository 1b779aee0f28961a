/**
 * The platform-wide settings in one zod-checked table, plus the settings each function declares
 * in its manifest (`settings`, registered by `defineFunction`), parsed together once per runtime
 * from `process.env` (Node, Deno) or the worker's bindings.
 *
 * ```ts
 * const config = parseConfig(process.env) // throws ConfigError naming each bad setting
 * ```
 *
 * Development defaults make `npm start` work with nothing set. With `GLAM_ENV=production`
 * a secret without a value, a secret still at its sample value, or a development-only
 * switch (open CORS, GraphiQL, debug routes) refuses to start.
 *
 * A function's own settings live beside it (functions/auth/src/settings.ts):
 *
 * ```ts
 * export const notesSettings = {
 *   notesPerDay: setting({ env: 'GLAM_NOTES_PER_DAY', schema: z.coerce.number().int().min(1), default: 20, description: '…' }),
 * }
 * declare module '@glam/core' {
 *   interface FunctionSettings extends SettingValues<typeof notesSettings> {}
 * }
 * ```
 */
import { z } from 'zod'
import { isAddressOrCidr } from './addresses.ts'

const bool = z
  .union([z.boolean(), z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'])])
  .transform((v) => v === true || v === 'true' || v === '1' || v === 'yes' || v === 'on')

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

/** One setting: its variable, its zod schema, its docs and its defaults per mode. */
export interface Setting<S extends z.ZodType = z.ZodType> {
  env: string
  schema: S
  description: string
  /** Default everywhere, unless the mode-specific ones below say otherwise. */
  default?: z.input<S>
  devDefault?: z.input<S>
  productionDefault?: z.input<S>
  /** Never printed; in production it must be set and must differ from its development sample. */
  secret?: boolean
  /** Never printed (it may hold a password), but not required. */
  sensitive?: boolean
  /** In production it must be set (no default applies). Secrets always are. */
  requiredInProduction?: boolean
  /** In production, a value this returns true for is refused (names the reason). */
  insecure?(value: z.output<S>): string | false
  /** What the README's production column says when a cross-setting rule requires it. */
  productionNote?: string
}

/** Declares a setting (the core's or a function's fragment); checks nothing, keeps the types. */
export const setting = <S extends z.ZodType>(s: Setting<S>): Setting<S> => s

/** A fragment of settings, by the key its value has on the parsed Config. */
export type SettingsFragment = Readonly<Record<string, Setting>>

/** The parsed values of a fragment: `{ notesPerDay: number }`. */
export type SettingValues<T extends SettingsFragment> = { -readonly [K in keyof T]: z.output<T[K]['schema']> }

/** The platform-wide settings (a function's own are in its manifest). */
export const settings = {
  env: setting({
    env: 'GLAM_ENV',
    schema: z.enum(['development', 'test', 'production']),
    default: 'development',
    description: 'Mode. `production` refuses missing secrets and development defaults.',
  }),
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
  logLevel: setting({
    env: 'LOG_LEVEL',
    schema: z.enum(['debug', 'info', 'warn', 'error', 'silent']),
    default: 'info',
    description: 'Lowest level written to the JSON log.',
  }),
  secret: setting({
    env: 'GLAM_SECRET',
    schema: z.string().min(32, 'must be at least 32 characters'),
    devDefault: 'glam-development-secret-do-not-use-in-production',
    secret: true,
    description: 'Server secret that keys hashes and signatures (visitor hashes, codes, sessions).',
  }),
  masterKey: setting({
    env: 'GLAM_MASTER_KEY',
    schema: z.string().min(32, 'must be at least 32 characters'),
    devDefault: 'glam-development-master-key-do-not-use-in-production',
    secret: true,
    description: 'Master key that encrypts stored secrets (shop signing secrets) with AES-256-GCM.',
  }),
  databaseUrl: setting({
    env: 'DATABASE_URL',
    sensitive: true,
    schema: z
      .string()
      .regex(
        /^(file:|libsql:|mysql:\/\/|:memory:)/,
        'must start with file:, libsql:, mysql:// or be :memory:',
      ),
    default: 'file:.data/glam.db',
    description:
      'SQL database: `file:…` (SQLite through libsql, the embedded default) or `mysql://user:pass@host/db`.',
  }),
  adminApiKey: setting({
    env: 'GLAM_ADMIN_API_KEY',
    schema: z.string().min(12).optional(),
    devDefault: 'glam_dev_admin',
    description: 'A platform-wide admin API key ensured at start (stored hashed). Optional in production.',
    insecure: (v) =>
      v === 'glam_dev_admin' ? 'the development admin key `glam_dev_admin` is public' : false,
  }),
  demoData: setting({
    env: 'GLAM_DEMO_DATA',
    schema: bool,
    devDefault: 'true',
    productionDefault: 'false',
    description: 'Seed the demo records (Demo Beauty, lena, mia, Summer Glow, …) at start, idempotently.',
    insecure: (v) => (v ? 'demo data creates known users, among them a platform admin' : false),
  }),
  corsOrigins: setting({
    env: 'GLAM_CORS_ORIGINS',
    schema: originList,
    devDefault: '*',
    productionDefault: '',
    description: 'Comma-separated origins allowed to call `/api` from browsers; `*` only in development.',
    insecure: (v) => (v.includes('*') ? 'open CORS (`*`) is a development default' : false),
  }),
  graphiql: setting({
    env: 'GLAM_GRAPHIQL',
    schema: bool,
    devDefault: 'true',
    productionDefault: 'false',
    description: 'Serve GraphiQL and introspection at `/graphql`.',
    insecure: (v) => (v ? 'GraphiQL is a development tool' : false),
  }),
  debugRoutes: setting({
    env: 'GLAM_DEBUG_ROUTES',
    schema: bool,
    devDefault: 'true',
    productionDefault: 'false',
    description: 'Mount the development routes under `/dev` (mailbox, error probes).',
    insecure: (v) => (v ? 'debug routes must be off' : false),
  }),
  events: setting({
    env: 'GLAM_EVENTS',
    schema: z.enum(['clickhouse', 'memory']),
    default: 'clickhouse',
    description:
      'Analytics events backend: `clickhouse` (a server at CLICKHOUSE_URL, else embedded chDB) or `memory` (tests only).',
    insecure: (v) => (v === 'memory' ? 'events kept in memory are lost' : false),
  }),
  clickhouseUrl: setting({
    env: 'CLICKHOUSE_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description:
      'ClickHouse server (HTTP interface). Unset: Node starts embedded chDB behind a ClickHouse HTTP front.',
  }),
  clickhouseDatabase: setting({
    env: 'CLICKHOUSE_DATABASE',
    schema: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,63}$/),
    default: 'glam',
    description: 'ClickHouse database holding the event tables (created at start).',
  }),
  clickhouseUser: setting({
    env: 'CLICKHOUSE_USER',
    schema: z.string().min(1),
    default: 'default',
    description: 'ClickHouse user.',
  }),
  clickhousePassword: setting({
    env: 'CLICKHOUSE_PASSWORD',
    sensitive: true,
    schema: z.string().optional(),
    description: 'ClickHouse password (never logged).',
  }),
  clickhouseFrontPort: setting({
    env: 'CLICKHOUSE_FRONT_PORT',
    schema: z.coerce.number().int().min(0).max(65535),
    default: 8123,
    description:
      'Port of the embedded chDB ClickHouse HTTP front on 127.0.0.1 (when CLICKHOUSE_URL is unset).',
  }),
  chdbPath: setting({
    env: 'CHDB_PATH',
    schema: z.string().min(1),
    default: '.data/chdb',
    description: 'Data directory of the embedded chDB (one per process).',
  }),
  redisUrl: setting({
    env: 'REDIS_URL',
    sensitive: true,
    schema: z
      .string()
      .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
      .optional(),
    productionNote: 'required (or UPSTASH_REDIS_REST_URL)',
    description:
      'Self-hosted Redis for shared rate limits (Node, Deno). Never logged (it may hold a password).',
  }),
  upstashRedisRestUrl: setting({
    env: 'UPSTASH_REDIS_REST_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    productionNote: 'required (or REDIS_URL)',
    description: 'Upstash Redis REST endpoint for shared rate limits (any runtime; the edge needs it).',
  }),
  upstashRedisRestToken: setting({
    env: 'UPSTASH_REDIS_REST_TOKEN',
    sensitive: true,
    schema: z.string().min(1).optional(),
    description: 'Token for UPSTASH_REDIS_REST_URL (secret).',
  }),
  mailgunApiKey: setting({
    env: 'MAILGUN_API_KEY',
    sensitive: true,
    schema: z.string().min(1).optional(),
    productionNote: 'required',
    description: 'Mailgun API key (secret). Unset: mail goes to the development outbox at /dev/mailbox.',
  }),
  mailgunDomain: setting({
    env: 'MAILGUN_DOMAIN',
    schema: z.string().min(1).optional(),
    productionNote: 'required',
    description: 'Mailgun sending domain, e.g. `mg.glam.example`.',
  }),
  mailgunRegion: setting({
    env: 'MAILGUN_REGION',
    schema: z.enum(['eu', 'us']),
    default: 'eu',
    description: 'Mailgun region (`eu` or `us`).',
  }),
  mailgunBaseUrl: setting({
    env: 'MAILGUN_BASE_URL',
    schema: z.url({ protocol: /^https?$/ }).optional(),
    description: 'Overrides the Mailgun API base URL (tests, proxies).',
  }),
  mailFrom: setting({
    env: 'MAIL_FROM',
    schema: z.string().min(3),
    default: 'Glam <no-reply@glam.localhost>',
    description: 'Sender of every mail: one address, optionally with a display name.',
    productionNote: 'required (on your domain)',
    insecure: (v) => (v.includes('glam.localhost') ? 'set a sender on your own domain' : false),
  }),
  countryHeader: setting({
    env: 'GLAM_COUNTRY_HEADER',
    schema: z.string().regex(/^[A-Za-z0-9-]{1,64}$/),
    default: 'cf-ipcountry',
    description:
      "Request header that carries the visitor's country (ISO 3166-1 alpha-2), set by the edge or the proxy.",
  }),
  scheduler: setting({
    env: 'GLAM_SCHEDULER',
    schema: bool,
    default: 'true',
    description: 'Run the job scheduler in this process (leases keep one run per tick across processes).',
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
  demoShopPort: setting({
    env: 'GLAM_DEMO_SHOP_PORT',
    schema: z.coerce.number().int().min(0).max(65535),
    devDefault: 3001,
    productionDefault: 0,
    description: '`npm start` also serves the demo shop on http://127.0.0.1:<port> (0: off).',
    insecure: (v) => (v !== 0 ? 'the demo shop is for development' : false),
  }),
  shutdownTimeoutMs: setting({
    env: 'GLAM_SHUTDOWN_TIMEOUT_MS',
    schema: z.coerce.number().int().min(0).max(600_000),
    default: 10_000,
    description: 'On SIGTERM, how long in-flight requests and background work may take before exit.',
  }),
} as const

/** The platform-wide part of the parsed configuration. */
export type CoreConfig = SettingValues<typeof settings>

/**
 * The settings functions declare in their manifests, added to the type by declaration merging:
 * `declare module '@glam/core' { interface FunctionSettings extends SettingValues<typeof notesSettings> {} }`.
 * At run time a key is present once its manifest is loaded (`@glam/platform/functions` loads them all).
 */
// biome-ignore lint/suspicious/noEmptyInterface: filled by declaration merging in functions
export interface FunctionSettings {}

export type Config = CoreConfig & FunctionSettings
export type Mode = Config['env']

const envPattern = /^[A-Z][A-Z0-9_]*$/
const registered = new Map<string, { setting: Setting; by: string }>()

/**
 * Adds a function's settings (from its manifest) to what parseConfig reads and configTable
 * lists. A key or a variable declared twice (by the core or another function) throws, naming
 * both; nothing of a refused fragment is kept. The same declaration loaded again is a no-op.
 */
export function registerSettings(fragment: SettingsFragment, by = 'a function'): void {
  const problems: string[] = []
  const fresh: [string, Setting][] = []
  const declared = (): { key: string; setting: Setting; by: string }[] => [
    ...Object.entries(settings).map(([key, s]) => ({ key, setting: s, by: 'core' })),
    ...[...registered].map(([key, r]) => ({ key, ...r })),
    ...fresh.map(([key, s]) => ({ key, setting: s, by })),
  ]
  for (const [key, s] of Object.entries(fragment)) {
    const known = registered.get(key)
    if (known && known.setting === s && known.by === by) continue
    if (!envPattern.test(s.env)) problems.push(`setting ${key} of ${by}: ${s.env} is not an UPPER_SNAKE name`)
    const clash = declared().find((d) => d.key === key || d.setting.env === s.env)
    if (clash)
      problems.push(
        `setting ${s.env} (${key}) of ${by} is already declared by ${clash.by} as ${clash.setting.env} (${clash.key})`,
      )
    else fresh.push([key, s])
  }
  if (problems.length > 0)
    throw new Error(`Settings declared twice or badly:\n  - ${problems.join('\n  - ')}`)
  for (const [key, s] of fresh) registered.set(key, { setting: s, by })
}

/** Every setting parseConfig reads: the core's, then the registered functions'. */
export function allSettings(): SettingsFragment {
  return { ...settings, ...Object.fromEntries([...registered].map(([k, r]) => [k, r.setting])) }
}

/** The registered functions' settings, grouped by the function that declared them. */
function registeredGroups(): { name: string; settings: SettingsFragment }[] {
  const groups = new Map<string, Record<string, Setting>>()
  for (const [key, { setting: s, by }] of registered) {
    const group = groups.get(by) ?? {}
    group[key] = s
    groups.set(by, group)
  }
  return [...groups].map(([name, fragment]) => ({ name, settings: fragment }))
}

export class ConfigError extends Error {
  override readonly name = 'ConfigError'
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
  }
}

type EnvSource = Record<string, string | undefined>

const defaultFor = (s: Setting, production: boolean) =>
  production
    ? (s.productionDefault ?? (s.secret ? undefined : s.default))
    : (s.devDefault ?? s.default ?? s.productionDefault)

/**
 * Parse every setting (the core's and the registered functions') from an env-like record.
 * Throws a ConfigError listing all problems. A function's setting whose manifest is not loaded
 * in this process is simply absent.
 */
export function parseConfig(source: EnvSource): Config {
  const mode = settings.env.schema.safeParse(source[settings.env.env] ?? settings.env.default)
  const production = mode.success && mode.data === 'production'
  const problems: string[] = []
  const out: Record<string, unknown> = {}
  for (const [key, s] of Object.entries(allSettings())) {
    const raw = source[s.env]
    const given = raw !== undefined && raw !== ''
    if (production && (s.secret || s.requiredInProduction) && !given) {
      problems.push(`${s.env} is required in production (${s.description})`)
      continue
    }
    if (production && s.secret && given && raw === s.devDefault) {
      problems.push(`${s.env} still has its development sample value; set a real secret`)
      continue
    }
    const input = given ? raw : defaultFor(s, production)
    const parsed = s.schema.safeParse(input)
    if (!parsed.success) {
      const why = parsed.error.issues.map((i) => i.message).join('; ')
      problems.push(
        s.secret || s.sensitive
          ? `${s.env} is invalid: ${why}`
          : `${s.env}=${String(raw ?? input)} is invalid: ${why}`,
      )
      continue
    }
    const unsafe = production && s.insecure?.(parsed.data as never)
    if (unsafe) {
      problems.push(`${s.env} is refused in production: ${unsafe}`)
      continue
    }
    out[key] = parsed.data
  }
  // Cross-setting rules run too, so one refusal lists everything to fix.
  problems.push(...crossChecks(out as Partial<Config>, production))
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze(out) as Partial<Config> as Config
}

/** Rules that span several settings. */
function crossChecks(config: Partial<Config>, production: boolean): string[] {
  const problems: string[] = []
  if (config.upstashRedisRestUrl && !config.upstashRedisRestToken) {
    problems.push('UPSTASH_REDIS_REST_TOKEN is required when UPSTASH_REDIS_REST_URL is set')
  }
  if (config.mailgunApiKey && !config.mailgunDomain)
    problems.push('MAILGUN_DOMAIN is required when MAILGUN_API_KEY is set')
  if (production) {
    if (!config.mailgunApiKey)
      problems.push('MAILGUN_API_KEY is required in production (the outbox delivers nothing)')
    if (!config.redisUrl && !config.upstashRedisRestUrl) {
      problems.push(
        'REDIS_URL or UPSTASH_REDIS_REST_URL is required in production (in-memory rate limits are not shared)',
      )
    }
  }
  return problems
}

/** What configTable groups by: a function's name and its manifest's settings. */
export interface SettingsOwner {
  name: string
  settings?: SettingsFragment
}

/**
 * Markdown tables of the settings, for the README (kept in sync by a test): the platform-wide
 * ones, then each function's. Given a list of manifests, its functions in its order; otherwise
 * the registered functions in the order they were loaded.
 */
export function configTable(list?: readonly SettingsOwner[]): string {
  const cell = (v: unknown) => (v === undefined || v === '' ? '—' : `\`${String(v)}\``)
  const row = (s: Setting) => {
    const dev = s.secret ? (s.devDefault === undefined ? '—' : 'sample value') : cell(defaultFor(s, false))
    const prod =
      s.secret || s.requiredInProduction
        ? '**required**'
        : s.productionNote
          ? `**${s.productionNote}**`
          : cell(defaultFor(s, true))
    return `| \`${s.env}\` | ${dev} | ${prod} | ${s.description} |`
  }
  const table = (fragment: SettingsFragment) =>
    [
      '| Variable | Development default | Production default | What it does |',
      '|---|---|---|---|',
      ...Object.values(fragment).map(row),
    ].join('\n')
  const functions = (list ?? registeredGroups()).filter((m) => Object.keys(m.settings ?? {}).length > 0)
  return [
    '**Platform-wide** (`packages/core/src/config.ts`):',
    table(settings),
    ...functions.flatMap((m) => [
      `**Function \`${m.name}\`** (the \`settings\` of its manifest):`,
      table(m.settings ?? {}),
    ]),
  ].join('\n\n')
}

/** The names of settings whose values must never be logged (the registered functions' too). */
export const secretSettingNames = (): string[] =>
  Object.values(allSettings())
    .filter((s) => s.secret)
    .map((s) => s.env)
