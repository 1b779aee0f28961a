// The committed build of the snippet: fresh, and small enough for a merchant's checkout page.
// Its behaviour in a real browser is in snippet.browser.test.ts.
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { generatedPath, renderGenerated, sourcePath } from '../../scripts/build-snippet.mjs'
import { snippetSource, snippetVersion } from './generated.ts'

describe('the generated snippet', () => {
  it('is up to date with pixel.src.js', async () => {
    const expected = await renderGenerated(await readFile(sourcePath, 'utf8'))
    const actual = await readFile(generatedPath, 'utf8')
    expect(actual, 'generated.ts is stale: run `npm run build:snippet -w @glam/pixel`').toBe(expected)
  })

  it('carries the version of its own code', async () => {
    const { createHash } = await import('node:crypto')
    expect(snippetVersion).toMatch(/^[0-9a-f]{12}$/)
    expect(createHash('sha256').update(snippetSource).digest('hex')).toMatch(new RegExp(`^${snippetVersion}`))
  })

  it('stays within 2 KB gzipped', () => {
    const gzipped = gzipSync(snippetSource, { level: 9 }).length
    console.log(`pixel.js: ${snippetSource.length} bytes minified, ${gzipped} bytes gzipped`)
    expect(gzipped).toBeLessThanOrEqual(2048)
  })

  it('is one strict closure that only names window.glam', () => {
    expect(snippetSource).toMatch(/^\(\(\)=>\{"use strict";/)
    expect(snippetSource).toMatch(/\}\)\(\);$/)
    expect(snippetSource).not.toMatch(/\b(eval|localStorage|sessionStorage|XMLHttpRequest)\b/)
  })
})
