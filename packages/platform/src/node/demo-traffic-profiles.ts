/**
 * What the demo traffic looks like per demo customer: its links and coupons (the seeded ones),
 * its products and currencies, where its shoppers are, and the user agents they (and the bots
 * among them) arrive with.
 */
import { demo } from '@glam/db/demo'
import { products as demoShopProducts } from '@glam/demo-shop'

export interface TrafficProfile {
  customerId: string
  name: string
  shopId: string
  orderPrefix: string
  linkIds: readonly string[]
  coupons: readonly { code: string; percentOff: number }[]
  products: readonly { sku: string; name: string; priceMinor: number }[]
  /** Weighted countries, each with the currency its shoppers pay in. */
  countries: readonly { country: string; currency: string; weight: number }[]
  /** Clicks on an average day (weekends and chance move it). */
  clicksPerDay: number
  /** Offset of the audience's clock from UTC, hours: the evening peak is local. */
  utcOffset: number
}

export const trafficProfiles: readonly TrafficProfile[] = [
  {
    customerId: demo.customerId,
    name: 'Demo Beauty',
    shopId: demo.shopId,
    orderPrefix: 'DB',
    linkIds: [demo.lenaLinkId, demo.miaLinkId],
    coupons: [
      { code: 'LENA10', percentOff: 10 },
      { code: 'MIA10', percentOff: 10 },
    ],
    products: demoShopProducts.map((p) => ({ sku: p.sku, name: p.name, priceMinor: p.priceCents })),
    countries: [
      { country: 'DE', currency: 'EUR', weight: 45 },
      { country: 'AT', currency: 'EUR', weight: 12 },
      { country: 'FR', currency: 'EUR', weight: 12 },
      { country: 'NL', currency: 'EUR', weight: 10 },
      { country: 'IT', currency: 'EUR', weight: 8 },
      { country: 'GB', currency: 'GBP', weight: 8 },
      { country: 'US', currency: 'USD', weight: 5 },
    ],
    clicksPerDay: 70,
    utcOffset: 1,
  },
  {
    customerId: demo.nordlicht.customerId,
    name: 'Nordlicht Kosmetik',
    shopId: demo.nordlicht.shopId,
    orderPrefix: 'NK',
    linkIds: [demo.nordlicht.ninaLinkId, demo.nordlicht.ninaSerumLinkId],
    coupons: [{ code: 'NINA15', percentOff: 15 }],
    products: [
      { sku: 'NK-NIGHT-SERUM', name: 'Nordlicht Night Serum 30 ml', priceMinor: 4290 },
      { sku: 'NK-BALM-50', name: 'Winter Repair Balm 50 ml', priceMinor: 2490 },
      { sku: 'NK-LIP-CARE', name: 'Arctic Lip Care', priceMinor: 890 },
      { sku: 'NK-HAND-75', name: 'Birch Hand Cream 75 ml', priceMinor: 1590 },
    ],
    countries: [
      { country: 'DE', currency: 'EUR', weight: 50 },
      { country: 'AT', currency: 'EUR', weight: 15 },
      { country: 'CH', currency: 'CHF', weight: 20 },
      { country: 'SE', currency: 'EUR', weight: 8 },
      { country: 'DK', currency: 'EUR', weight: 7 },
    ],
    clicksPerDay: 45,
    utcOffset: 1,
  },
]

/** Relative clicks per local hour: quiet at night, a lunch bump, the peak from 19 to 22. */
export const hourWeights = [
  2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 5, 6, 8, 7, 6, 6, 7, 8, 10, 13, 15, 14, 10, 5,
] as const

export type Agent = { ua: string; weight: number }

/** What shoppers click with: the apps' in-app browsers first (the links live in bios and posts). */
export const shopperAgents: readonly Agent[] = [
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 334.0.4.32.98 (iPhone15,2; iOS 17_5; de_DE; de; scale=3.00; 1179x2556; 604226134)',
    weight: 24,
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; SM-S918B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 Instagram 330.0.0.40.92 Android (34/14; 450dpi; 1080x2340; samsung; SM-S918B; dm3q; qcom; de_DE; 598800000)',
    weight: 12,
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/de Region/DE',
    weight: 10,
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/123.0.6312.118 Mobile Safari/537.36 trill_340105 JsSdk/1.0 NetType/4G Channel/googleplay AppName/musical_ly app_version/34.1.5 BytedanceWebview/d8a21c6',
    weight: 6,
  },
  {
    ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: 16,
  },
  {
    ua: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Mobile Safari/537.36',
    weight: 10,
  },
  {
    ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    weight: 7,
  },
  {
    ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/125.0.0.0 Safari/537.36',
    weight: 8,
  },
  {
    ua: 'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: 3,
  },
]

/** Crawlers and link-preview fetchers: recorded, and flagged the way the redirect flags them. */
export const botAgents: readonly Agent[] = [
  { ua: 'facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)', weight: 5 },
  { ua: 'WhatsApp/2.24.10.79 A', weight: 4 },
  { ua: 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', weight: 3 },
  { ua: 'Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)', weight: 2 },
  { ua: 'python-requests/2.31.0', weight: 2 },
]

/** Share of clicks that are bots. */
export const botShare = 0.09

export const referrerOf = (inApp: string): string =>
  inApp === 'instagram' ? 'https://l.instagram.com/' : inApp === 'tiktok' ? 'https://www.tiktok.com/' : ''
