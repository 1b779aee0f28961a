/**
 * Demo data that `npm start` seeds once, idempotently, with fixed ids: the records the README,
 * the demo shop and outside checks refer to by name.
 */
import type { Repositories } from './repositories/index.ts'

const fixed = (n: number) => `00000000-0000-7000-8000-${n.toString().padStart(12, '0')}`

export const demo = {
  customerId: fixed(1),
  shopId: fixed(2),
  shopOrigin: 'http://127.0.0.1:3001',
  shopPublicKey: 'pk_demo_shop_public_key_01',
  lenaId: fixed(3),
  miaId: fixed(4),
  campaignId: fixed(5),
  lenaLinkId: fixed(6),
  miaLinkId: fixed(7),
  adminUserId: fixed(8),
  clientUserId: fixed(9),
  lenaUserId: fixed(10),
  app: 'dashboard',
  /** The shopper portal's app (members: wishlists, alerts) and its demo member. */
  portalApp: 'portal',
  memberUserId: fixed(18),
  /** The second customer: what a client of Demo Beauty must never see, and the other way round. */
  nordlicht: {
    customerId: fixed(11),
    shopId: fixed(12),
    shopOrigin: 'https://nordlicht.example',
    shopPublicKey: 'pk_demo_nordlicht_public_01',
    ninaId: fixed(13),
    campaignId: fixed(14),
    ninaLinkId: fixed(15),
    ninaSerumLinkId: fixed(16),
    clientUserId: fixed(17),
  },
} as const

const nordlicht = demo.nordlicht

export async function seedDemoData(repos: Repositories, options: { developmentShopSecret?: string } = {}) {
  const { customers, shops, influencers, campaigns, links, users, apps } = repos
  await apps.upsert({
    id: demo.app,
    name: 'Glam dashboard',
    // Served by Glam itself: its own paths are valid `returnTo`s, and no origin of Glam's may
    // receive tokens (a shortlink there would carry the fragment on).
    origins: [],
    roles: ['admin', 'staff', 'client', 'influencer', 'viewer', 'editor'],
    signup: 'invite',
  })
  if (!(await customers.get(demo.customerId))) {
    await customers.create({ id: demo.customerId, name: 'Demo Beauty', landingUrl: `${demo.shopOrigin}/` })
  }
  if (!(await shops.get(demo.shopId))) {
    await shops.create({
      id: demo.shopId,
      name: 'Demo Shop',
      customerId: demo.customerId,
      origins: [demo.shopOrigin, 'http://localhost:3001'],
      publicKey: demo.shopPublicKey,
      ...(options.developmentShopSecret && { signingSecret: options.developmentShopSecret }),
    })
  }
  for (const [id, handle, name] of [
    [demo.lenaId, 'lena', 'Lena'],
    [demo.miaId, 'mia', 'Mia'],
  ] as const) {
    if (!(await influencers.get(id))) {
      await influencers.create({
        id,
        handle,
        name,
        email: `${handle}@demo.glam`,
        channels: { instagram: handle },
      })
    }
  }
  if (!(await campaigns.get(demo.campaignId))) {
    await campaigns.create({
      id: demo.campaignId,
      customerId: demo.customerId,
      name: 'Summer Glow',
      status: 'active',
      attributionWindowDays: 30,
      timezone: 'UTC',
    })
  }
  await campaigns.addInfluencers(demo.campaignId, [demo.lenaId, demo.miaId])
  for (const [id, slug, influencerId] of [
    [demo.lenaLinkId, 'summer-lena', demo.lenaId],
    [demo.miaLinkId, 'summer-mia', demo.miaId],
  ] as const) {
    if (!(await links.get(id))) {
      await links.create({
        id,
        slug,
        destination: `${demo.shopOrigin}/`,
        customerId: demo.customerId,
        campaignId: demo.campaignId,
        influencerId,
        shopId: demo.shopId,
      })
    }
  }
  for (const [code, influencerId, linkId] of [
    ['LENA10', demo.lenaId, demo.lenaLinkId],
    ['MIA10', demo.miaId, demo.miaLinkId],
  ] as const) {
    if (!(await repos.coupons.byCode(demo.customerId, code))) {
      await repos.coupons.create({
        code,
        customerId: demo.customerId,
        campaignId: demo.campaignId,
        influencerId,
        linkId,
      })
    }
  }
  await seedNordlicht(repos, options)
  await repos.fxRates.addMissing(demoFxRates(repos.fxRates.today()))
  const admin = await users.ensure({ id: demo.adminUserId, email: 'admin@demo.glam', name: 'Demo Admin' })
  await users.grant({ userId: admin.id, app: demo.app, role: 'admin' })
  const client = await users.ensure({ id: demo.clientUserId, email: 'client@demo.glam', name: 'Demo Client' })
  await users.grant({
    userId: client.id,
    app: demo.app,
    role: 'client',
    scope: { type: 'customer', id: demo.customerId },
  })
  const lena = await users.ensure({ id: demo.lenaUserId, email: 'lena@demo.glam', name: 'Lena' })
  await users.grant({
    userId: lena.id,
    app: demo.app,
    role: 'influencer',
    scope: { type: 'influencer', id: demo.lenaId },
  })
}

/** The demo's exchange rates: 1 EUR in each of these, near where they were in 2025. */
const demoRateBases = { USD: 10850, GBP: 8420, CHF: 9380, SEK: 114500 } as const

/**
 * EUR→USD, GBP, CHF and SEK for the 40 days up to `today`, each a function of its day only (a
 * hash of the date moves it by at most ±0.5 %), so every start seeds the same values and only
 * adds the days that are new. The other direction (USD→EUR, …) is the inverse of these.
 */
export function demoFxRates(today: string) {
  const end = Date.parse(`${today}T00:00:00Z`)
  const rates = []
  for (let back = 39; back >= 0; back--) {
    const day = new Date(end - back * 86_400_000).toISOString().slice(0, 10)
    for (const [quote, center] of Object.entries(demoRateBases)) {
      let hash = 2166136261
      for (const ch of `${day}:${quote}`) hash = Math.imul(hash ^ ch.charCodeAt(0), 16777619) >>> 0
      const tenThousandths = center + Math.round(((hash % 1001) - 500) * (center / 100_000))
      const rate = `${Math.floor(tenThousandths / 10_000)}.${String(tenThousandths % 10_000).padStart(4, '0')}`
      rates.push({ day, base: 'EUR', quote, rate, source: 'demo' })
    }
  }
  return rates
}

/** Nordlicht Kosmetik: its shop, its campaign Winter Care with Nina, her links and coupon, its client. */
async function seedNordlicht(repos: Repositories, options: { developmentShopSecret?: string }) {
  const { customers, shops, influencers, campaigns, links, users } = repos
  if (!(await customers.get(nordlicht.customerId))) {
    await customers.create({
      id: nordlicht.customerId,
      name: 'Nordlicht Kosmetik',
      landingUrl: `${nordlicht.shopOrigin}/`,
    })
  }
  if (!(await shops.get(nordlicht.shopId))) {
    await shops.create({
      id: nordlicht.shopId,
      name: 'Nordlicht Shop',
      customerId: nordlicht.customerId,
      origins: [nordlicht.shopOrigin],
      publicKey: nordlicht.shopPublicKey,
      ...(options.developmentShopSecret && { signingSecret: options.developmentShopSecret }),
    })
  }
  if (!(await influencers.get(nordlicht.ninaId))) {
    await influencers.create({
      id: nordlicht.ninaId,
      handle: 'nordlicht_nina',
      name: 'Nina',
      email: 'nina@demo.glam',
      channels: { instagram: 'nordlicht_nina', tiktok: 'nordlicht_nina' },
    })
  }
  if (!(await campaigns.get(nordlicht.campaignId))) {
    await campaigns.create({
      id: nordlicht.campaignId,
      customerId: nordlicht.customerId,
      name: 'Winter Care',
      status: 'active',
      // From the autumn launch on, open-ended: the demo's links never turn 410 under a later clock.
      startsAt: new Date('2026-10-01T00:00:00Z'),
      attributionWindowDays: 14,
      timezone: 'Europe/Berlin',
    })
  }
  await campaigns.addInfluencers(nordlicht.campaignId, [nordlicht.ninaId])
  for (const [id, slug, path] of [
    [nordlicht.ninaLinkId, 'winter-care-nina', '/'],
    [nordlicht.ninaSerumLinkId, 'winter-care-serum', '/products/night-serum'],
  ] as const) {
    if (!(await links.get(id))) {
      await links.create({
        id,
        slug,
        destination: `${nordlicht.shopOrigin}${path}`,
        customerId: nordlicht.customerId,
        campaignId: nordlicht.campaignId,
        influencerId: nordlicht.ninaId,
        shopId: nordlicht.shopId,
      })
    }
  }
  if (!(await repos.coupons.byCode(nordlicht.customerId, 'NINA15'))) {
    await repos.coupons.create({
      code: 'NINA15',
      customerId: nordlicht.customerId,
      campaignId: nordlicht.campaignId,
      influencerId: nordlicht.ninaId,
      linkId: nordlicht.ninaLinkId,
    })
  }
  const client = await users.ensure({
    id: nordlicht.clientUserId,
    email: 'client2@demo.glam',
    name: 'Nordlicht Client',
  })
  await users.grant({
    userId: client.id,
    app: demo.app,
    role: 'client',
    scope: { type: 'customer', id: nordlicht.customerId },
  })
  // The portal's app: shoppers sign up themselves as members; editors are made by staff.
  await repos.apps.upsert({
    id: demo.portalApp,
    name: 'Glam portal',
    origins: [],
    roles: ['member', 'editor'],
    signup: 'open',
    defaultRole: 'member',
  })
  const member = await repos.users.ensure({
    id: demo.memberUserId,
    email: 'member@demo.glam',
    name: 'Demo Member',
  })
  await repos.users.grant({ userId: member.id, app: demo.portalApp, role: 'member' })
  // The newsletter's two lists; their links are tracked for Demo Beauty (channel newsletter).
  await repos.newsletter.ensureList({
    id: 'news-de',
    name: 'Glam Newsletter',
    locale: 'de',
    customerId: demo.customerId,
  })
  await repos.newsletter.ensureList({
    id: 'news-en',
    name: 'Glam Newsletter (English)',
    locale: 'en',
    customerId: demo.customerId,
  })
}

/** Makes sure the configured admin API key exists (stored hashed, platform-wide, all scopes). */
export async function ensureAdminApiKey(repos: Repositories, key: string | undefined) {
  if (!key) return
  if (await repos.apiKeys.verify(key)) return
  await repos.apiKeys.create({ name: 'Configured admin key (GLAM_ADMIN_API_KEY)', key, scopes: ['*'] })
}
