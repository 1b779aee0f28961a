import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { settings } from '@glam/core'
import { repoRoot } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'
import { withTable } from './config-docs.ts'

describe('the README configuration table', () => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8')
  it('is the one generated from the settings schema (run `npm run docs:config`)', () => {
    expect(readme).toBe(withTable(readme))
  })
  it('names every setting', () => {
    for (const s of Object.values(settings)) expect(readme).toContain(`\`${s.env}\``)
  })
})
