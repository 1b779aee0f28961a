import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { allSettings, settings } from '@glam/core'
import { repoRoot } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'
import { documented, withTable } from './config-docs.ts'

describe('the README configuration table', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  it('is the one generated from the settings schema (run `npm run docs:config`)', () => {
    expect(readme).toBe(withTable(readme))
  })
  it('names every setting, the platform-wide ones and every function’s', () => {
    for (const s of Object.values(settings)) expect(readme).toContain(`\`${s.env}\``)
    for (const m of documented)
      for (const s of Object.values(m.settings ?? {})) expect(readme).toContain(`\`${s.env}\``)
    for (const s of Object.values(allSettings())) expect(readme).toContain(`\`${s.env}\``)
    expect(readme).toContain('`GLAM_LOGIN_CODES_PER_HOUR`')
    expect(readme).toContain('`GLAM_COLLECT_PER_IP_PER_MINUTE`')
  })
  it('lists a function’s settings under that function, after the platform-wide ones', () => {
    const at = (text: string) => readme.indexOf(text)
    expect(at('**Platform-wide**')).toBeLessThan(at('`GLAM_SECRET`'))
    expect(at('`GLAM_SECRET`')).toBeLessThan(at('**Function `auth`**'))
    expect(at('**Function `auth`**')).toBeLessThan(at('`GLAM_LOGIN_CODES_PER_HOUR`'))
    expect(at('**Function `pixel`**')).toBeLessThan(at('`GLAM_COLLECT_PER_IP_PER_MINUTE`'))
    expect(at('`GLAM_COLLECT_PER_IP_PER_MINUTE`')).toBeLessThan(at('<!-- config:end -->'))
  })
})
