import { parseConfig, secretsFromConfig } from '@glam/core'
import { describe, expect, it } from 'vitest'
import { assetPath, variantPaths } from './urls.ts'

// The TTL is the assets function's setting (GLAM_ASSET_URL_TTL), not loaded here.
const config = { ...parseConfig({ GLAM_ENV: 'test' }), assetUrlTtlSeconds: 3600 }
const platform = {
  config,
  clock: { now: () => new Date('2026-12-01T12:00:00Z') },
  secrets: secretsFromConfig(config),
}
const sha256 = 'ab'.repeat(32)

describe('asset addresses', () => {
  it('originals: plain when public, signed and expiring when private', () => {
    expect(assetPath(platform, { sha256, format: 'jpeg', visibility: 'public' })).toEqual({
      path: `/a/${sha256}.jpg`,
      expiresAt: null,
    })
    expect(assetPath(platform, { sha256, format: 'pdf', visibility: 'private' }).path).toMatch(
      new RegExp(`^/a/${sha256}\\.pdf\\?exp=\\d+&sig=[A-Za-z0-9_-]{43}$`),
    )
  })

  it('variants only for images; every preset signed with the same expiry when private', () => {
    expect(variantPaths(platform, { sha256, format: 'pdf', visibility: 'public' })).toBeNull()
    expect(variantPaths(platform, { sha256, format: 'unknown', visibility: 'public' })).toBeNull()
    const pub = variantPaths(platform, { sha256, format: 'png', visibility: 'public', width: 300 })!
    expect(pub.presets.og).toBe(`/i/${sha256}?p=og`)
    expect(pub.srcset).toBe(`/i/${sha256}?p=thumb 160w, /i/${sha256}?p=card 300w`)
    const priv = variantPaths(platform, { sha256, format: 'webp', visibility: 'private' })!
    const exp = Math.floor(priv.expiresAt!.getTime() / 1000)
    expect(exp).toBe(Date.parse('2026-12-01T13:00:00Z') / 1000)
    for (const path of Object.values(priv.presets)) expect(path).toContain(`exp=${exp}&`)
    expect(priv.srcset).toContain(`${priv.presets.hero} 1600w`)
  })
})
