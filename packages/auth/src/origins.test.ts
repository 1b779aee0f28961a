import { testConfig } from '@glam/testing/platform'
import { describe, expect, it } from 'vitest'
import { appOriginSchema, isGlamOrigin } from './origins.ts'

describe('isGlamOrigin', () => {
  const config = testConfig({ GLAM_HOST_ALIASES: 'glam-alias.example, other.example:8443' })
  const production = testConfig({
    GLAM_PUBLIC_URL: 'https://glam.example',
    PORT: '3000',
    GLAM_HOST_ALIASES: 'www.glam.example',
  })
  it.each([
    ['http://localhost:3000', config, true],
    ['http://127.0.0.1:3000', config, true],
    ['http://127.0.0.2:3000', config, true],
    ['http://[::1]:3000', config, true],
    ['http://[::ffff:127.0.0.1]:3000', config, true],
    ['http://0.0.0.0:3000', config, true],
    ['http://app.localhost:3000', config, true],
    ['http://LOCALHOST:3000', config, true],
    ['http://localhost', config, true],
    ['https://localhost', config, true],
    ['http://glam-alias.example', config, true],
    ['http://glam-alias.example:3000', config, true],
    ['https://other.example:8443', config, true],
    ['https://other.example', config, false],
    ['http://localhost:5173', config, false],
    ['http://127.0.0.1:3001', config, false],
    ['https://partner.example', config, false],
    ['https://glam.example', production, true],
    ['https://glam.example:3000', production, true],
    ['https://www.glam.example', production, true],
    ['http://127.0.0.1:3000', production, true],
    ['https://dashboard.glam.example', production, false],
    ['not a url', config, false],
  ] as const)('%s → %s', (origin, cfg, expected) => {
    expect(isGlamOrigin(origin, cfg)).toBe(expected)
  })

  it('counts the origin a request came in on', () => {
    expect(isGlamOrigin('http://10.1.2.3:9000', config, 'http://10.1.2.3:9000/auth/authorize')).toBe(true)
  })
})

describe('appOriginSchema', () => {
  const config = testConfig()
  const production = {
    ...testConfig({ GLAM_PUBLIC_URL: 'https://glam.example' }),
    env: 'production' as const,
  }
  it('normalises origins', () => {
    expect(appOriginSchema(config).parse('HTTPS://Partner.Example:443/')).toBe('https://partner.example')
    expect(appOriginSchema(config).parse('https://bücher.example')).toBe('https://xn--bcher-kva.example')
  })
  it.each([
    'http://127.0.0.1:3000',
    'http://localhost:3000',
    'http://[::1]:3000',
    'https://partner.example/path',
    'https://user:pw@partner.example',
    'javascript:alert(1)',
    'ftp://partner.example',
    'partner.example',
  ])('refuses %s', (origin) => {
    expect(appOriginSchema(config).safeParse(origin).success).toBe(false)
  })
  it('refuses private hosts in production only', () => {
    expect(appOriginSchema(config).safeParse('http://10.0.0.5:8080').success).toBe(true)
    expect(appOriginSchema(production).safeParse('http://10.0.0.5:8080').success).toBe(false)
    expect(appOriginSchema(production).safeParse('https://[::ffff:10.0.0.5]').success).toBe(false)
    expect(appOriginSchema(production).safeParse('https://glam.example').success).toBe(false)
  })
})
