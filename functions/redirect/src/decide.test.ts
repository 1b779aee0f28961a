import { type ProductState, productFallback } from '@glam/commerce/link'
import { describe, expect, it } from 'vitest'
import { botReason, inAppBrowser } from './bots.ts'
import { type CachedLink, decide, osOf, plainDestination } from './decide.ts'
import { maxLocationLength, redirectLocation, UnwritableLocationError } from './index.ts'

const link = (over: Partial<CachedLink> = {}): CachedLink => ({
  id: 'l1',
  slug: 's',
  destination: 'https://shop.example/p?ref=link',
  status: 'active',
  redirectStatus: 302,
  rules: null,
  startsAt: null,
  expiresAt: null,
  fallbackUrl: null,
  customerId: 'c',
  campaignId: null,
  influencerId: null,
  shopId: null,
  clickParam: 'glam_cid',
  landingUrl: null,
  productId: null,
  productFallback: null,
  ...over,
})
const now = Date.parse('2026-06-01T10:00:00Z')
const visitor = (over: Partial<Parameters<typeof decide>[1]> = {}) => ({
  now,
  country: 'DE',
  os: 'other' as const,
  query: new URLSearchParams(),
  ...over,
})
const url = (d: ReturnType<typeof decide>) => (d.kind === 'redirect' ? new URL(d.url) : null)

describe('what a click leads to', () => {
  it('redirects with the click id under the shop parameter and the per-link status', () => {
    const d = decide(link({ redirectStatus: 308, clickParam: 'ref_id' }), visitor(), 'cid-1')
    expect(d).toMatchObject({ kind: 'redirect', status: 308 })
    expect(url(d)!.searchParams.get('ref_id')).toBe('cid-1')
  })
  it('takes the fast path for plain clicks with the same result as the full one', () => {
    for (const destination of [
      'http://127.0.0.1:3001',
      'https://shop.example/p?ref=link',
      'https://shop.example/a b',
    ]) {
      const slow = decide(link({ destination }), visitor(), 'cid-1')
      const fast = decide(
        link({ destination, plainDestination: plainDestination(destination, 'glam_cid') }),
        visitor(),
        'cid-1',
      )
      expect(fast).toEqual(slow)
    }
    // A fragment or a click parameter already in the destination: no fast path.
    expect(plainDestination('https://shop.example/#top', 'glam_cid')).toBeNull()
    expect(plainDestination('https://shop.example/?glam_cid=old', 'glam_cid')).toBeNull()
  })

  it('refuses paused (404) and archived (410) links', () => {
    expect(decide(link({ status: 'paused' }), visitor(), 'x')).toEqual({
      kind: 'unavailable',
      reason: 'paused',
    })
    expect(decide(link({ status: 'archived' }), visitor(), 'x')).toEqual({ kind: 'gone', reason: 'archived' })
  })
  it('sends visitors before the start or after the expiry to the fallback, or refuses', () => {
    const early = link({ startsAt: now + 1000 })
    expect(decide(early, visitor(), 'x')).toEqual({ kind: 'unavailable', reason: 'not_started' })
    expect(decide({ ...early, fallbackUrl: 'https://shop.example/soon' }, visitor(), 'x')).toMatchObject({
      url: 'https://shop.example/soon',
    })
    const late = link({ expiresAt: now })
    expect(decide(late, visitor(), 'x')).toEqual({ kind: 'gone', reason: 'expired' })
    expect(decide({ ...late, fallbackUrl: 'https://shop.example/sale' }, visitor(), 'x')).toMatchObject({
      kind: 'redirect',
      status: 302,
    })
  })
  it('normalises a fallback stored raw (before URLs were normalised at write)', () => {
    const late = link({ expiresAt: now, fallbackUrl: ' HTTPS://раураl.com\\€\t' })
    expect(decide(late, visitor(), 'x')).toEqual({
      kind: 'redirect',
      url: 'https://xn--l-7sba6dbr.com/%E2%82%AC',
      status: 302,
      host: 'xn--l-7sba6dbr.com',
      fallbackReason: null,
    })
    expect(() => decide({ ...late, fallbackUrl: 'javascript:alert(1)' }, visitor(), 'x')).toThrow()
  })
  it('sends clicks on an unavailable product to the fallback, else the landing page, else the destination', () => {
    const query = new URLSearchParams('utm_medium=story')
    const out = link({
      productId: 'p1',
      productFallback: 'product_out_of_stock',
      redirectStatus: 301,
      fallbackUrl: 'https://shop.example/sale#top',
      landingUrl: 'https://brand.example/',
      rules: { os: { ios: 'https://apps.apple.com/app/1' }, utm: { utm_source: 'glam' } },
    })
    // Temporary whatever the link says (the product comes back), past targeting, with the click id.
    const d = decide(out, visitor({ os: 'ios', query }), 'cid')
    expect(d).toMatchObject({ kind: 'redirect', status: 302, fallbackReason: 'product_out_of_stock' })
    expect(url(d)!.href).toBe('https://shop.example/sale?utm_medium=story&utm_source=glam&glam_cid=cid#top')
    const landing = decide(
      { ...out, fallbackUrl: null, productFallback: 'product_inactive' },
      visitor({ os: 'ios' }),
      'cid',
    )
    expect(landing).toMatchObject({ status: 302, host: 'brand.example', fallbackReason: 'product_inactive' })
    // Neither: never a dead end, the usual answer, and the click still says why.
    const neither = decide({ ...out, fallbackUrl: null, landingUrl: null }, visitor({ os: 'ios' }), 'cid')
    expect(neither).toMatchObject({
      status: 301,
      host: 'apps.apple.com',
      fallbackReason: 'product_out_of_stock',
    })
    const available = decide({ ...out, productFallback: null }, visitor(), 'cid')
    expect(available).toMatchObject({ status: 301, host: 'shop.example', fallbackReason: null })
    expect(url(available)!.pathname).toBe('/p')
    // Status and schedule come first.
    expect(decide({ ...out, status: 'paused' }, visitor(), 'x')).toMatchObject({ kind: 'unavailable' })
    expect(decide({ ...out, expiresAt: now }, visitor(), 'x')).toMatchObject({
      url: 'https://shop.example/sale#top',
      fallbackReason: null,
    })
  })
  it('counts preorder and backorder as available; inactive (or gone) wins over out of stock', () => {
    const state = (status: 'active' | 'inactive', availability: ProductState['availability']) => ({
      status,
      availability,
    })
    expect(productFallback(state('active', 'in_stock'))).toBeNull()
    expect(productFallback(state('active', 'preorder'))).toBeNull()
    expect(productFallback(state('active', 'backorder'))).toBeNull()
    expect(productFallback(state('active', 'out_of_stock'))).toBe('product_out_of_stock')
    expect(productFallback(state('inactive', 'out_of_stock'))).toBe('product_inactive')
    expect(productFallback(state('inactive', 'in_stock'))).toBe('product_inactive')
    expect(productFallback(null)).toBe('product_inactive')
  })
  it('targets by platform first, then by country', () => {
    const rules = {
      os: { ios: 'https://apps.apple.com/app/1' },
      countries: { AT: 'https://shop.example/at' },
    }
    expect(url(decide(link({ rules }), visitor({ os: 'ios', country: 'AT' }), 'x'))!.host).toBe(
      'apps.apple.com',
    )
    expect(url(decide(link({ rules }), visitor({ country: 'AT' }), 'x'))!.pathname).toBe('/at')
    expect(url(decide(link({ rules }), visitor({ country: 'FR' }), 'x'))!.pathname).toBe('/p')
  })
  it("forwards the short URL's query; the link's own parameters win unless configured otherwise; UTM is set", () => {
    const query = new URLSearchParams('ref=visitor&utm_medium=story&glam_cid=forged')
    const d = url(decide(link({ rules: { utm: { utm_source: 'glam' } } }), visitor({ query }), 'real'))!
    expect(d.searchParams.get('ref')).toBe('link')
    expect(d.searchParams.get('utm_medium')).toBe('story')
    expect(d.searchParams.get('utm_source')).toBe('glam')
    expect(d.searchParams.getAll('glam_cid')).toEqual(['real'])
    const visitorWins = url(decide(link({ rules: { linkParamsWin: false } }), visitor({ query }), 'x'))!
    expect(visitorWins.searchParams.get('ref')).toBe('visitor')
    const noForward = url(decide(link({ rules: { forwardQuery: false } }), visitor({ query }), 'x'))!
    expect(noForward.searchParams.has('utm_medium')).toBe(false)
  })
  it('recognises platforms, in-app browsers, bots and link-preview fetchers', () => {
    expect(osOf('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')).toBe('ios')
    expect(osOf('Mozilla/5.0 (Linux; Android 14; Pixel 8)')).toBe('android')
    expect(inAppBrowser('… Instagram 300.0.0.0')).toBe('instagram')
    expect(inAppBrowser('… BytedanceWebview/d8a21c6')).toBe('tiktok')
    expect(inAppBrowser('… [FBAN/FBIOS;FBAV/440.0]')).toBe('facebook')
    expect(botReason('WhatsApp/2.23.20.0')).toBe('preview')
    expect(botReason('Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)')).toBe('preview')
    expect(botReason('facebookexternalhit/1.1')).toBe('preview')
    expect(botReason('Googlebot/2.1 (+http://www.google.com/bot.html)')).toBe('bot')
    expect(botReason('')).toBe('bot')
    expect(
      botReason('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148'),
    ).toBe('')
  })
})

describe('the Location written', () => {
  it("carries the destination's own fragment, else an explicit empty one (no inherited fragment)", () => {
    expect(redirectLocation('https://shop.example/?glam_cid=t')).toBe('https://shop.example/?glam_cid=t#')
    expect(redirectLocation('https://shop.example/p?glam_cid=t#reviews')).toBe(
      'https://shop.example/p?glam_cid=t#reviews',
    )
    expect(redirectLocation('https://shop.example/#')).toBe('https://shop.example/#')
  })
  it('refuses what no header may carry: non-ASCII, controls, or longer than the limit', () => {
    for (const bad of ['https://example.com/€', 'https://example.com/é', 'https://example.com/\r\nx: y'])
      expect(() => redirectLocation(bad)).toThrow(UnwritableLocationError)
    const long = `https://shop.example/${'a'.repeat(maxLocationLength)}`
    expect(() => redirectLocation(long)).toThrow(/too long/)
    expect(redirectLocation(long.slice(0, maxLocationLength - 1))).toHaveLength(maxLocationLength)
  })
})
