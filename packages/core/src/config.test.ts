import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import {
  allSettings,
  ConfigError,
  configTable,
  parseConfig,
  registerSettings,
  secretSettingNames,
  setting,
  settings,
} from './config.ts'
import { defineFunction } from './manifest.ts'

/**
 * A function that exists only in this file, with its own settings in its manifest: one with a
 * default, one production requires, one secret. Declaring it registers them for every parse here.
 */
const pollsSettings = {
  pollsPerDay: setting({
    env: 'GLAM_POLLS_PER_DAY',
    schema: z.coerce.number().int().min(1).max(1000),
    default: 20,
    description: 'Polls one user may open per day.',
  }),
  pollsArchiveUrl: setting({
    env: 'GLAM_POLLS_ARCHIVE_URL',
    schema: z.url(),
    devDefault: 'http://localhost:3999/archive',
    requiredInProduction: true,
    description: 'Where closed polls are archived.',
  }),
  pollsSigningKey: setting({
    env: 'GLAM_POLLS_SIGNING_KEY',
    schema: z.string().min(16),
    devDefault: 'polls-development-signing-key',
    secret: true,
    description: 'Signs the polls’ share links.',
  }),
}
const pollsFunction = defineFunction({
  name: 'polls',
  description: 'Polls (a test fixture).',
  mounts: [{ path: '/polls', app: () => new Hono() }],
  claims: ['/polls/*'],
  runtimes: ['edge', 'container'],
  settings: pollsSettings,
})

const production = {
  GLAM_ENV: 'production',
  GLAM_SECRET: 'a'.repeat(48),
  GLAM_MASTER_KEY: 'k'.repeat(48),
  MAILGUN_API_KEY: 'key-test',
  MAILGUN_DOMAIN: 'mg.glam.example',
  MAIL_FROM: 'Glam <no-reply@glam.example>',
  REDIS_URL: 'redis://:pw@redis.internal:6379',
  GLAM_PUBLIC_URL: 'https://glam.example',
  GLAM_POLLS_ARCHIVE_URL: 'https://archive.glam.example/polls',
  GLAM_POLLS_SIGNING_KEY: 'p'.repeat(32),
}

const problemsOf = (env: Record<string, string>) => {
  try {
    parseConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err.problems
    throw err
  }
  return []
}

describe('configuration', () => {
  it('works with nothing set, on development defaults', () => {
    const config = parseConfig({})
    expect(config).toMatchObject({ env: 'development', port: 3000, graphiql: true, debugRoutes: true })
    expect(config.corsOrigins).toEqual(['*'])
    expect(config.secret.length).toBeGreaterThanOrEqual(32)
  })

  it('parses and coerces values from strings', () => {
    const config = parseConfig({
      PORT: '8080',
      GLAM_DEBUG_ROUTES: 'off',
      GLAM_CORS_ORIGINS: 'https://a.example, https://b.example',
    })
    expect(config.port).toBe(8080)
    expect(config.debugRoutes).toBe(false)
    expect(config.corsOrigins).toEqual(['https://a.example', 'https://b.example'])
  })

  it('names every invalid setting at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud', GLAM_CORS_ORIGINS: 'not a url' })
    expect(problems.join('\n')).toMatch(/PORT=eighty/)
    expect(problems.join('\n')).toMatch(/LOG_LEVEL=loud/)
    expect(problems.join('\n')).toMatch(/GLAM_CORS_ORIGINS/)
  })

  it('starts in production with the secrets set, on safe defaults', () => {
    const config = parseConfig(production)
    expect(config).toMatchObject({ env: 'production', graphiql: false, debugRoutes: false })
    expect(config.corsOrigins).toEqual([])
  })

  it('keeps blobs on the filesystem by default and refuses memory blobs in production', () => {
    expect(parseConfig(production)).toMatchObject({ blobs: 'fs', blobsDir: '.data/blobs' })
    expect(parseConfig({ GLAM_BLOBS: 'memory' }).blobs).toBe('memory')
    expect(problemsOf({ ...production, GLAM_BLOBS: 'memory' })).toEqual([
      expect.stringMatching(/GLAM_BLOBS.*lost on restart/),
    ])
  })

  it('wants the bucket and credentials with GLAM_BLOBS=s3, and REDIS_URL with GLAM_CACHE=redis', () => {
    expect(problemsOf({ GLAM_BLOBS: 's3', S3_BUCKET: 'glam-blobs' })).toEqual([
      'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY required when GLAM_BLOBS=s3',
    ])
    expect(problemsOf({ GLAM_CACHE: 'redis' })).toEqual(['REDIS_URL is required when GLAM_CACHE=redis'])
    expect(problemsOf({ GLAM_BLOBS: 'tape' }).join('\n')).toMatch(/GLAM_BLOBS/)
    const s3 = parseConfig({
      GLAM_BLOBS: 's3',
      S3_BUCKET: 'glam-blobs',
      S3_ACCESS_KEY_ID: 'id',
      S3_SECRET_ACCESS_KEY: 'secret',
      S3_FORCE_PATH_STYLE: 'true',
    })
    expect(s3).toMatchObject({
      blobs: 's3',
      s3Bucket: 'glam-blobs',
      s3Region: 'us-east-1',
      s3ForcePathStyle: true,
    })
  })

  it('refuses production without a secret, naming it', () => {
    const { GLAM_SECRET: _, ...rest } = production
    expect(problemsOf(rest)).toEqual([expect.stringMatching(/^GLAM_SECRET is required in production/)])
  })

  it('refuses production with the development sample secret', () => {
    const problems = problemsOf({ ...production, GLAM_SECRET: String(settings.secret.devDefault) })
    expect(problems).toEqual([expect.stringMatching(/GLAM_SECRET still has its development sample value/)])
  })

  it.each([
    ['GLAM_CORS_ORIGINS', '*'],
    ['GLAM_GRAPHIQL', 'true'],
    ['GLAM_DEBUG_ROUTES', '1'],
    ['GLAM_PUBLIC_URL', 'http://glam.example'],
    ['GLAM_ADMIN_API_KEY', 'glam_dev_admin'],
    ['GLAM_DEMO_DATA', 'true'],
    ['MAIL_FROM', 'Glam <no-reply@glam.localhost>'],
    ['GLAM_EVENTS', 'memory'],
  ])('refuses the development value %s=%s in production', (name, value) => {
    expect(problemsOf({ ...production, [name]: value })).toEqual([
      expect.stringContaining(`${name} is refused in production`),
    ])
  })

  it('never prints a secret value in its problems', () => {
    const problems = problemsOf({ GLAM_SECRET: 'short-but-secret-value' })
    expect(problems.join('\n')).toMatch(/GLAM_SECRET is invalid/)
    expect(problems.join('\n')).not.toContain('short-but-secret-value')
    expect(secretSettingNames()).toContain('GLAM_SECRET')
  })

  it('returns a frozen object', () => {
    expect(Object.isFrozen(parseConfig({}))).toBe(true)
  })
})

describe('production requirements', () => {
  it('requires shared rate limits and real mail, naming the settings', () => {
    const { REDIS_URL: _r, MAILGUN_API_KEY: _m, ...rest } = production
    const text = problemsOf(rest).join('\n')
    expect(text).toMatch(/REDIS_URL or UPSTASH_REDIS_REST_URL is required in production/)
    expect(text).toMatch(/MAILGUN_API_KEY is required in production/)
  })

  it('never prints a sensitive value such as a Redis URL with its password', () => {
    const text = problemsOf({ REDIS_URL: 'http://user:hunter2@redis' }).join('\n')
    expect(text).toMatch(/REDIS_URL is invalid/)
    expect(text).not.toContain('hunter2')
  })

  it('names GLAM_PUBLIC_URL when it is missing', () => {
    expect(() =>
      parseConfig({ GLAM_ENV: 'production', GLAM_SECRET: 'b'.repeat(40), GLAM_MASTER_KEY: 'c'.repeat(40) }),
    ).toThrow(/GLAM_PUBLIC_URL is required in production/)
  })
})

describe('settings a function declares in its manifest', () => {
  /** The fixture's values, which the Config type knows only where its manifest merges them. */
  const polls = (config: object) => config as unknown as { pollsPerDay: number; pollsArchiveUrl: string }

  it('are parsed with the core ones, on their defaults or their given values', () => {
    expect(pollsFunction.settings).toBe(pollsSettings)
    expect(polls(parseConfig({}))).toMatchObject({
      pollsPerDay: 20,
      pollsArchiveUrl: 'http://localhost:3999/archive',
    })
    expect(parseConfig({})).toMatchObject({ env: 'development', port: 3000 })
    expect(polls(parseConfig({ GLAM_POLLS_PER_DAY: '7' })).pollsPerDay).toBe(7)
    expect(polls(parseConfig(production))).toMatchObject({
      pollsPerDay: 20,
      pollsArchiveUrl: 'https://archive.glam.example/polls',
    })
  })

  it('are checked by the same rules: invalid values, secrets and production requirements', () => {
    expect(problemsOf({ GLAM_POLLS_PER_DAY: 'many', PORT: 'eighty' })).toEqual([
      expect.stringMatching(/^PORT=eighty is invalid/),
      expect.stringMatching(/^GLAM_POLLS_PER_DAY=many is invalid/),
    ])
    expect(problemsOf({ ...production, GLAM_POLLS_SIGNING_KEY: 'polls-development-signing-key' })).toEqual([
      expect.stringMatching(/^GLAM_POLLS_SIGNING_KEY still has its development sample value/),
    ])
    expect(problemsOf({ GLAM_POLLS_SIGNING_KEY: 'short-secret' }).join('\n')).not.toContain('short-secret')
    expect(secretSettingNames()).toContain('GLAM_POLLS_SIGNING_KEY')
  })

  it('are named with the core ones in one production refusal', () => {
    const {
      GLAM_SECRET: _s,
      GLAM_PUBLIC_URL: _u,
      GLAM_POLLS_ARCHIVE_URL: _a,
      GLAM_POLLS_SIGNING_KEY: _k,
      MAILGUN_API_KEY: _m,
      ...rest
    } = production
    const problems = problemsOf(rest)
    for (const name of [
      'GLAM_SECRET',
      'GLAM_PUBLIC_URL',
      'GLAM_POLLS_ARCHIVE_URL',
      'GLAM_POLLS_SIGNING_KEY',
      'MAILGUN_API_KEY',
    ])
      expect(problems.some((p) => p.startsWith(name))).toBe(true)
    expect(problems).toHaveLength(5)
  })

  it('appear in the configuration table, under their function', () => {
    const table = configTable()
    expect(table).toContain('| `GLAM_POLLS_PER_DAY` | `20` | `20` | Polls one user may open per day. |')
    expect(table).toContain('| `GLAM_POLLS_ARCHIVE_URL` | `http://localhost:3999/archive` | **required** |')
    expect(table).toContain('| `GLAM_POLLS_SIGNING_KEY` | sample value | **required** |')
    expect(table.indexOf('`GLAM_SHUTDOWN_TIMEOUT_MS`')).toBeLessThan(table.indexOf('**Function `polls`**'))
    expect(table.indexOf('**Function `polls`**')).toBeLessThan(table.indexOf('`GLAM_POLLS_PER_DAY`'))
    // Given a list, its functions in its order (one without settings is left out).
    const listed = configTable([{ name: 'empty' }, { name: 'polls', settings: pollsSettings }])
    expect(listed).toContain('**Function `polls`**')
    expect(listed).not.toContain('`empty`')
  })

  it('may not be declared twice: the same key or the same variable, by the core or a function', () => {
    const twin = (name: string, fragment: Record<string, ReturnType<typeof setting>>) => () =>
      defineFunction({
        name,
        description: 'A clash (a test fixture).',
        mounts: [],
        claims: [],
        runtimes: ['container'],
        settings: fragment,
      })
    const again = setting({ env: 'GLAM_POLLS_PER_DAY', schema: z.string(), description: 'Again.' })
    expect(twin('polls-twin', { pollsLimit: again })).toThrow(
      /GLAM_POLLS_PER_DAY \(pollsLimit\) of polls-twin is already declared by polls as GLAM_POLLS_PER_DAY \(pollsPerDay\)/,
    )
    expect(
      twin('polls-key', {
        pollsPerDay: setting({ env: 'GLAM_POLLS_DAILY', schema: z.string(), description: 'x' }),
      }),
    ).toThrow(/already declared by polls/)
    expect(
      twin('ports', { port: setting({ env: 'GLAM_OTHER_PORT', schema: z.string(), description: 'x' }) }),
    ).toThrow(/already declared by core as PORT \(port\)/)
    expect(
      twin('ports', { webPort: setting({ env: 'PORT', schema: z.string(), description: 'x' }) }),
    ).toThrow(/PORT \(webPort\) of ports is already declared by core/)
    expect(() =>
      registerSettings({
        one: setting({ env: 'GLAM_SAME', schema: z.string(), description: 'x' }),
        two: setting({ env: 'GLAM_SAME', schema: z.string(), description: 'x' }),
      }),
    ).toThrow(/GLAM_SAME \(two\)/)
    // A refused fragment leaves nothing behind, and the same declaration loaded again is no clash.
    expect(() =>
      registerSettings(
        { fresh: setting({ env: 'GLAM_FRESH', schema: z.string(), description: 'x' }), pollsPerDay: again },
        'mixed',
      ),
    ).toThrow(/pollsPerDay/)
    expect(Object.keys(allSettings())).not.toContain('fresh')
    expect(Object.keys(allSettings())).not.toContain('one')
    expect(() => registerSettings(pollsSettings, 'polls')).not.toThrow()
    expect(() => registerSettings(pollsSettings, 'polls-copy')).toThrow(/already declared by polls/)
  })
})
