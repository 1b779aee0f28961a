import { describe, expect, it } from 'vitest'
import { ConfigError, parseConfig, secretSettingNames, settings } from './config.ts'

const production = {
  GLAM_ENV: 'production',
  GLAM_SECRET: 'a'.repeat(48),
  GLAM_MASTER_KEY: 'k'.repeat(48),
  MAILGUN_API_KEY: 'key-test',
  MAILGUN_DOMAIN: 'mg.glam.example',
  MAIL_FROM: 'Glam <no-reply@glam.example>',
  REDIS_URL: 'redis://:pw@redis.internal:6379',
  GLAM_PUBLIC_URL: 'https://glam.example',
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
    expect(secretSettingNames).toContain('GLAM_SECRET')
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
