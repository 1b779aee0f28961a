import { describe, expect, it } from 'vitest'
import { negotiateFormat } from './negotiate.ts'
import { variantImage, variantSrcset } from './srcset.ts'
import {
  parseVariantQuery,
  queryValues,
  resolveVariant,
  signVariantQuery,
  type VariantSpec,
} from './variants.ts'

const sha256 = 'ab'.repeat(32)
const secret = 'test-secret-of-at-least-32-characters!!'
const now = new Date('2026-12-01T12:00:00Z')
const parse = (query: string, at = now) =>
  parseVariantQuery(queryValues(new URLSearchParams(query)), { sha256, secret: () => secret, now: at })
const spec = (query: string): VariantSpec => {
  const asked = parse(query)
  if (!asked.ok) throw new Error(`${asked.code}: ${asked.message}`)
  return asked.spec
}

const chrome = 'image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8'
const oldSafari = 'image/png,image/svg+xml,image/*;q=0.8,video/*;q=0.8,*/*;q=0.5'

describe('presets', () => {
  it.each([
    ['thumb', { width: 160, fit: 'inside', animated: false }],
    ['card', { width: 480, fit: 'inside', animated: true }],
    ['hero', { width: 1600, fit: 'inside', animated: true }],
    ['og', { width: 1200, height: 630, fit: 'cover', animated: false }],
  ])('%s', (name, expected) => {
    expect(spec(`p=${name}`)).toEqual({ format: 'auto', preset: name, ...expected })
  })

  it('refuses an unknown preset, an empty query, repeated and unknown parameters', () => {
    expect(parse('p=huge')).toMatchObject({ ok: false, code: 'INVALID_VARIANT' })
    expect(parse('')).toMatchObject({ ok: false, code: 'INVALID_VARIANT' })
    expect(parse('p=card&p=thumb')).toMatchObject({ ok: false, code: 'INVALID_VARIANT' })
    expect(parse('p=card&x=1')).toMatchObject({ ok: false, code: 'INVALID_VARIANT' })
  })
})

describe('free parameters need a signature', () => {
  it.each(['w=800', 'p=card&format=png', 'h=10', 'fit=cover&p=card', 'q=20&p=card', 'p=card&dpr=2'])(
    'unsigned %s → UNSIGNED_VARIANT',
    (query) => {
      expect(parse(query)).toMatchObject({ ok: false, code: 'UNSIGNED_VARIANT' })
    },
  )

  it('accepts the server-issued signature, with dpr applied to the sides', () => {
    const query = signVariantQuery(secret, sha256, {
      w: 400,
      h: 300,
      fit: 'cover',
      dpr: 2,
      format: 'webp',
      q: 70,
    })
    expect(parse(query)).toEqual({
      ok: true,
      signed: true,
      spec: { width: 800, height: 600, fit: 'cover', format: 'webp', quality: 70, animated: true },
    })
  })

  it('refuses a tampered parameter, another source, a forged or malformed sig', () => {
    const query = signVariantQuery(secret, sha256, { w: 400 })
    expect(parse(query.replace('w=400', 'w=4000'))).toMatchObject({ code: 'INVALID_VARIANT_SIGNATURE' })
    expect(parse(`${query}&h=10`)).toMatchObject({ code: 'INVALID_VARIANT_SIGNATURE' })
    const other = parseVariantQuery(queryValues(new URLSearchParams(query)), {
      sha256: 'cd'.repeat(32),
      secret: () => secret,
      now,
    })
    expect(other).toMatchObject({ code: 'INVALID_VARIANT_SIGNATURE' })
    const forged = signVariantQuery('another-secret-of-at-least-32-chars!!', sha256, { w: 400 })
    expect(parse(forged)).toMatchObject({ code: 'INVALID_VARIANT_SIGNATURE' })
    expect(parse('w=400&sig=abc')).toMatchObject({ code: 'INVALID_VARIANT_SIGNATURE' })
  })

  it('honours an expiry: valid before, VARIANT_SIGNATURE_EXPIRED after, tampered exp refused', () => {
    const expiresAt = new Date(now.getTime() + 60_000)
    const query = signVariantQuery(secret, sha256, { w: 400 }, { expiresAt })
    expect(parse(query)).toMatchObject({ ok: true, exp: Math.floor(expiresAt.getTime() / 1000) })
    expect(parse(query, new Date(now.getTime() + 61_000))).toMatchObject({
      code: 'VARIANT_SIGNATURE_EXPIRED',
    })
    const later = Math.floor(expiresAt.getTime() / 1000) + 3600
    expect(parse(query.replace(/exp=\d+/, `exp=${later}`))).toMatchObject({
      code: 'INVALID_VARIANT_SIGNATURE',
    })
  })

  it('bounds every parameter, even signed', () => {
    for (const params of [
      { w: 0 },
      { w: 5000 },
      { h: -1 },
      { q: 101 },
      { dpr: 5 },
      { dpr: 'x' },
      { fit: 'fill' },
      { format: 'gif' },
    ])
      expect(parse(signVariantQuery(secret, sha256, params as never))).toMatchObject({
        code: 'INVALID_VARIANT',
      })
    expect(parse(signVariantQuery(secret, sha256, { w: 3000, dpr: 2 }))).toMatchObject({
      code: 'INVALID_VARIANT',
    })
  })
})

describe('format negotiation', () => {
  const card = spec('p=card')
  it('AVIF, then WebP, else JPEG (PNG for PNG/GIF sources); wildcards never count', () => {
    expect(negotiateFormat(chrome, card, 'jpeg')).toBe('avif')
    expect(negotiateFormat('image/webp,*/*', card, 'jpeg')).toBe('webp')
    expect(negotiateFormat('image/avif;q=0,image/webp', card, 'jpeg')).toBe('webp')
    expect(negotiateFormat(oldSafari, card, 'jpeg')).toBe('jpeg')
    expect(negotiateFormat(oldSafari, card, 'png')).toBe('png')
    expect(negotiateFormat(undefined, card, 'gif')).toBe('png')
    expect(negotiateFormat('*/*', card, 'avif')).toBe('jpeg')
  })

  it('reads Accept exactly as the README nginx maps do (q=0 anywhere in the entry, case, look-alike types)', () => {
    for (const [accept, format] of [
      ['image/avif;level=1;q=0, image/webp', 'webp'],
      ['image/avif; q = 0, image/webp', 'webp'],
      ['image/avif;q=-1, image/webp', 'webp'],
      ['image/avif;q="0", image/webp', 'webp'],
      ['image/avifx, image/webp', 'webp'],
      ['IMAGE/AVIF', 'avif'],
      ['image/avif;q=0.5, image/jpeg', 'avif'],
    ] as const)
      expect([accept, negotiateFormat(accept, card, 'jpeg')]).toEqual([accept, format])
  })

  it('keeps an animated source animated (WebP) in an animated preset; a still preset may take AVIF', () => {
    expect(negotiateFormat(chrome, card, 'gif')).toBe('webp')
    expect(negotiateFormat(chrome, spec('p=thumb'), 'gif')).toBe('avif')
  })

  it('an explicit format wins over Accept', () => {
    const asked = parse(signVariantQuery(secret, sha256, { w: 100, format: 'png' }))
    expect(asked.ok && negotiateFormat(chrome, asked.spec, 'jpeg')).toBe('png')
  })
})

describe('canonical keys', () => {
  it('one key per output: a preset and the same signed parameters share it', () => {
    const card = resolveVariant(sha256, spec('p=card'), 'webp', 'jpeg')
    expect(card.key).toBe(`variants/${sha256}/480x_-inside-q80-s.webp`)
    const asked = parse(signVariantQuery(secret, sha256, { w: 240, dpr: 2, fit: 'cover', q: 80 }))
    expect(asked.ok && resolveVariant(sha256, asked.spec, 'webp', 'jpeg').key).toBe(card.key)
    expect(resolveVariant(sha256, spec('p=card'), 'webp', 'gif').key).toBe(
      `variants/${sha256}/480x_-inside-q80-a.webp`,
    )
    expect(resolveVariant(sha256, spec('p=og'), 'jpeg', 'jpeg')).toMatchObject({
      key: `variants/${sha256}/1200x630-cover-q80-s.jpg`,
      contentType: 'image/jpeg',
    })
    expect(resolveVariant(sha256, spec('p=thumb'), 'png', 'png').key).toBe(
      `variants/${sha256}/160x_-inside-q0-s.png`,
    )
  })

  it('ETags differ per format and parameters', () => {
    const a = resolveVariant(sha256, spec('p=card'), 'webp', 'jpeg').etag
    const b = resolveVariant(sha256, spec('p=card'), 'avif', 'jpeg').etag
    const c = resolveVariant(sha256, spec('p=thumb'), 'webp', 'jpeg').etag
    expect(new Set([a, b, c]).size).toBe(3)
    expect(a).toMatch(/^"[^"]+"$/)
  })
})

describe('srcset for pages', () => {
  it('lists the plain-width presets, capped at the original width', () => {
    expect(variantSrcset(sha256)).toBe(
      `/i/${sha256}?p=thumb 160w, /i/${sha256}?p=card 480w, /i/${sha256}?p=hero 1600w`,
    )
    expect(variantSrcset(sha256, { width: 800, base: 'https://glam.example' })).toBe(
      `https://glam.example/i/${sha256}?p=thumb 160w, https://glam.example/i/${sha256}?p=card 480w, https://glam.example/i/${sha256}?p=hero 800w`,
    )
    expect(variantSrcset(sha256, { width: 100 })).toBe(`/i/${sha256}?p=thumb 100w`)
  })

  it('an image with its placeholder as a blurred background', () => {
    const img = variantImage({
      sha256,
      width: 1200,
      height: 800,
      placeholder: '1QcSHQRnh493V4dIh4eXh1h4kJUI',
    })
    expect(img).toMatchObject({ src: `/i/${sha256}?p=card`, width: 1200, height: 800, loading: 'lazy' })
    expect(img.style).toMatch(/^background: url\(data:image\/png;base64,/)
    expect(variantImage({ sha256, placeholder: '!!' }).style).toBeUndefined()
  })
})
