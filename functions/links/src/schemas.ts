import { isReservedSegment, linkChannels, maxUrlLength, webUrl } from '@glam/core'
import { z } from 'zod'

/** Words no slug may be, beside the platform's own first path segments. */
const reservedWords = new Set([
  'admin',
  'login',
  'logout',
  'signup',
  'account',
  'settings',
  'help',
  'support',
  'about',
  'terms',
  'privacy',
  'glam',
  'null',
  'undefined',
  'index',
])

export const slugSchema = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'letters, digits, - and _ only')
  .refine((s) => !isReservedSegment(s) && !reservedWords.has(s.toLowerCase()), 'this slug is reserved')

/**
 * Destinations, fallbacks and targeting URLs: absolute http(s) without credentials, stored as
 * the WHATWG parser's normalised href (IDNA to punycode, non-ASCII percent-encoded, spaces,
 * tabs and backslashes resolved), at most 2,048 characters in that form; in production no
 * private, loopback, link-local or local-name host in any spelling (see @glam/core addresses.ts).
 */
export const destinationSchema = (production: boolean) =>
  webUrl({ publicOnly: production }).meta({
    // For the OpenAPI document: the limit is on the normalised form (see maxUrlLength).
    format: 'uri',
    maxLength: maxUrlLength,
    description:
      'Absolute http(s) URL, stored normalised (WHATWG href); at most 2,048 characters in that form.',
  })

const country = z.string().regex(/^[A-Z]{2}$/, 'ISO 3166-1 alpha-2, upper case')

export const rulesSchema = (production: boolean) =>
  z.strictObject({
    countries: z.record(country, destinationSchema(production)).optional(),
    os: z
      .strictObject({
        ios: destinationSchema(production).optional(),
        android: destinationSchema(production).optional(),
      })
      .optional(),
    forwardQuery: z.boolean().optional(),
    interstitial: z.boolean().optional(),
    linkParamsWin: z.boolean().optional(),
    utm: z
      .record(
        z.enum(['utm_source', 'utm_medium', 'utm_campaign', 'utm_term', 'utm_content']),
        z.string().min(1).max(200),
      )
      .optional(),
  })

const uuid = z.uuid()
const when = z.iso.datetime({ offset: true }).transform((v) => new Date(v))

export const linkFields = (production: boolean) => ({
  destination: destinationSchema(production),
  status: z.enum(['active', 'paused', 'archived']).optional(),
  channel: z.enum(linkChannels).optional().meta({
    description:
      'Where the link is placed: influencer (the default), portal, look, newsletter or alert; copied onto each click (`group_by=channel` on /api/stats/clicks).',
  }),
  redirectStatus: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]).optional(),
  rules: rulesSchema(production).nullable().optional(),
  startsAt: when.nullable().optional(),
  expiresAt: when.nullable().optional(),
  fallbackUrl: destinationSchema(production).nullable().optional(),
  productId: uuid.nullable().optional().meta({
    description:
      "A product of the link's shop (a link without a shop takes the product's). While it is inactive or out of stock (preorder and backorder count as available) clicks go to `fallbackUrl`, else the customer's landing page, else the destination, and record `fallback_reason`. `null` clears it.",
  }),
})

export const createLinkSchema = (production: boolean) =>
  z
    .strictObject({
      slug: slugSchema.optional(),
      customerId: uuid.optional(),
      campaignId: uuid.optional(),
      influencerId: uuid.optional(),
      shopId: uuid.optional(),
      ...linkFields(production),
    })
    .refine((l) => !l.startsAt || !l.expiresAt || l.startsAt < l.expiresAt, {
      message: 'startsAt must be before expiresAt',
      path: ['expiresAt'],
    })

export const updateLinkSchema = (production: boolean) =>
  z
    .strictObject({ ...linkFields(production), destination: destinationSchema(production).optional() })
    .refine((patch) => Object.keys(patch).length > 0, 'nothing to change')

export const bulkSchema = (production: boolean) =>
  z.strictObject({
    campaignId: uuid,
    destination: destinationSchema(production),
    shopId: uuid.optional(),
    /** Slugs become `<prefix>-<handle>`; without a prefix they are generated. */
    slugPrefix: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,40}$/)
      .optional(),
  })

export const listQuery = z.strictObject({
  customer: uuid.optional(),
  campaign: uuid.optional(),
  influencer: uuid.optional(),
  status: z.enum(['active', 'paused', 'archived']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().max(64).optional(),
})
