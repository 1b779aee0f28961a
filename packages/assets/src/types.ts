/**
 * The asset types and their rules, declared once in code: how large, which formats (sniffed from
 * the bytes), public or private, and which roles besides `admin`/`staff` may upload and read.
 * An app may override any field in the database (`asset_rules`); `ruleFor` merges the two.
 *
 * ```ts
 * const rule = await ruleFor(platform.repos, 'dashboard', 'briefing')
 * rule.maxBytes // 50 MB unless the app says otherwise
 * ```
 */
import type { Format } from './formats.ts'

export const assetTypes = [
  'avatar',
  'campaign-image',
  'product-photo',
  'briefing',
  'story-insight',
  'b2b-drawing',
  'feed',
] as const
export type AssetType = (typeof assetTypes)[number]
export type Visibility = 'public' | 'private'

export interface AssetRule {
  type: AssetType
  maxBytes: number
  formats: readonly Format[]
  visibility: Visibility
  /**
   * Roles that may upload besides admin and staff (`*`: anyone signed in). A client's upload
   * belongs to its customer, an influencer's to the influencer.
   */
  uploadRoles: readonly string[]
  /**
   * Roles that may read a private asset besides admin, staff and the uploader: a client the
   * assets of its customer, an influencer its own.
   */
  readRoles: readonly string[]
}

const MB = 1000 * 1000
const images: Format[] = ['jpeg', 'png', 'webp', 'avif']

export const defaultRules: Readonly<Record<AssetType, AssetRule>> = {
  avatar: {
    type: 'avatar',
    maxBytes: 5 * MB,
    formats: images,
    visibility: 'public',
    uploadRoles: ['*'],
    readRoles: [],
  },
  'campaign-image': {
    type: 'campaign-image',
    maxBytes: 25 * MB,
    formats: [...images, 'gif'],
    visibility: 'public',
    uploadRoles: ['client', 'editor'],
    readRoles: [],
  },
  'product-photo': {
    type: 'product-photo',
    maxBytes: 25 * MB,
    formats: images,
    visibility: 'public',
    uploadRoles: ['client', 'editor'],
    readRoles: [],
  },
  briefing: {
    type: 'briefing',
    maxBytes: 50 * MB,
    formats: ['pdf', 'jpeg', 'png'],
    visibility: 'private',
    uploadRoles: ['client'],
    readRoles: ['client', 'influencer'],
  },
  'story-insight': {
    type: 'story-insight',
    maxBytes: 15 * MB,
    formats: ['jpeg', 'png', 'webp'],
    visibility: 'private',
    uploadRoles: ['influencer'],
    readRoles: ['influencer'],
  },
  'b2b-drawing': {
    type: 'b2b-drawing',
    maxBytes: 100 * MB,
    formats: ['dxf', 'step'],
    visibility: 'private',
    uploadRoles: ['client'],
    readRoles: ['client'],
  },
  feed: {
    type: 'feed',
    maxBytes: 2000 * MB,
    formats: ['csv', 'tsv', 'xml', 'json', 'ndjson', 'gzip', 'zip'],
    visibility: 'private',
    uploadRoles: [],
    readRoles: [],
  },
}

export const isAssetType = (value: unknown): value is AssetType =>
  typeof value === 'string' && (assetTypes as readonly string[]).includes(value)

/** What an app's row in `asset_rules` may override (null: the default stands). */
export interface RuleOverride {
  maxBytes?: number | null
  formats?: readonly string[] | null
  visibility?: Visibility | null
  uploadRoles?: readonly string[] | null
  readRoles?: readonly string[] | null
}

/**
 * The default merged with an app's override. An override may narrow or widen the formats, but
 * only to formats the type's kind allows (a feed cannot become an image type): unknown ones drop.
 */
export function mergeRule(base: AssetRule, override: RuleOverride | null | undefined): AssetRule {
  if (!override) return base
  const allowed = new Set<string>(allowedFormats[base.type])
  return {
    ...base,
    ...(override.maxBytes != null && override.maxBytes > 0 && { maxBytes: override.maxBytes }),
    ...(override.formats && {
      formats: override.formats.filter((f): f is Format => allowed.has(f)),
    }),
    ...(override.visibility && { visibility: override.visibility }),
    ...(override.uploadRoles && { uploadRoles: [...override.uploadRoles] }),
    ...(override.readRoles && { readRoles: [...override.readRoles] }),
  }
}

/** The formats an app may ever allow for a type (SVG and HTML are in none). */
export const allowedFormats: Readonly<Record<AssetType, readonly Format[]>> = {
  avatar: [...images, 'gif'],
  'campaign-image': [...images, 'gif'],
  'product-photo': [...images, 'gif'],
  briefing: ['pdf', ...images],
  'story-insight': [...images],
  'b2b-drawing': ['dxf', 'step', 'pdf'],
  feed: ['csv', 'tsv', 'xml', 'json', 'ndjson', 'gzip', 'zip'],
}
