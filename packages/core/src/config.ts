/**
 * The platform-wide settings in one zod-checked table, merged here from one fragment per area
 * (settings/server.ts, settings/mail.ts, …), plus the settings each function declares in its
 * manifest (`settings`, registered by `defineFunction`), parsed together once per runtime from
 * `process.env` (Node, Deno) or the worker's bindings.
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
import { databaseSettings } from './settings/database.ts'
import type { Setting, SettingsFragment, SettingValues } from './settings/define.ts'
import { developmentSettings } from './settings/development.ts'
import { eventSettings } from './settings/events.ts'
import { fetchSettings } from './settings/fetch.ts'
import { jobSettings } from './settings/jobs.ts'
import { loggingSettings } from './settings/logging.ts'
import { mailSettings } from './settings/mail.ts'
import { modeSettings } from './settings/mode.ts'
import { rateLimitSettings } from './settings/ratelimit.ts'
import { secretSettings } from './settings/secrets.ts'
import { serverSettings } from './settings/server.ts'
import { storageSettings } from './settings/storage.ts'

export { bool, type Setting, type SettingsFragment, type SettingValues, setting } from './settings/define.ts'

const areaList = [
  modeSettings,
  serverSettings,
  loggingSettings,
  secretSettings,
  databaseSettings,
  developmentSettings,
  eventSettings,
  fetchSettings,
  rateLimitSettings,
  storageSettings,
  mailSettings,
  jobSettings,
] as const

/**
 * The platform-wide settings (a function's own are in its manifest), by area, each area's with
 * its docs and defaults in settings/; the README's table and a ConfigError list them in this
 * order. A setting (key or variable) declared by two areas stops the process at load, naming it.
 */
type Merged<T extends readonly object[]> = T extends readonly [infer H, ...infer R extends readonly object[]]
  ? H & Merged<R>
  : unknown
export const settings = Object.assign({}, ...areaList) as Merged<typeof areaList>
{
  // As registerSettings refuses for functions: one key, one variable, declared once.
  const names = areaList.flatMap((area) => Object.entries(area).flatMap(([key, s]) => [key, s.env]))
  const twice = names.filter((name, i) => names.indexOf(name) !== i)
  if (twice.length > 0) throw new Error(`settings declared by two areas: ${twice.join(', ')}`)
}

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
  if (config.blobs === 's3') {
    const missing = (['S3_BUCKET', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'] as const).filter(
      (env) =>
        !{
          S3_BUCKET: config.s3Bucket,
          S3_ACCESS_KEY_ID: config.s3AccessKeyId,
          S3_SECRET_ACCESS_KEY: config.s3SecretAccessKey,
        }[env],
    )
    if (missing.length > 0) problems.push(`${missing.join(', ')} required when GLAM_BLOBS=s3`)
  }
  if (config.cache === 'redis' && !config.redisUrl)
    problems.push('REDIS_URL is required when GLAM_CACHE=redis')
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
    '**Platform-wide** (`packages/core/src/settings/`, one file per area):',
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
