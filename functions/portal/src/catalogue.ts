/**
 * What the portal's pages read: a product by id (the catalogue in SQL, as the search index takes
 * it), the taxonomy's paths as portal paths (`/c/make-up/lippen/lippenstift`, English names
 * under `/en`), and brand slugs. The taxonomy is held per platform for five minutes: it changes
 * when a new version is loaded, not per request.
 */
import { localSlot, normalizeWebUrl, type Platform } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { ProductImage } from '@glam/db/repositories/product-images'
import type { SearchSourceRow } from '@glam/db/repositories/products'
import { fold } from '@glam/search/analysis'
import { isOffered } from '@glam/search/sync'
import type { Locale } from './locale.ts'

/** `Crème de Lune` → `creme-de-lune`: a URL segment from any name. */
export const slugOf = (name: string) =>
  fold(name)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80) || 'x'

export interface Category {
  id: number
  name: string
  /** Names from the top level down, in the locale. */
  trail: { id: number; name: string; path: string }[]
  /** `/c/…` without the locale prefix. */
  path: string
}

interface Taxonomy {
  byId: Map<number, { de: Category; en: Category }>
  byPath: Map<string, number>
  loadedAt: number
}

const taxonomySlot = localSlot('portal-taxonomy', () => ({
  taxonomy: undefined as Taxonomy | undefined,
  loading: undefined as Promise<Taxonomy> | undefined,
}))

const ttlMs = 5 * 60_000

async function loadTaxonomy(platform: Platform): Promise<Taxonomy> {
  const rows = await repositoriesOf(platform).taxonomy.paths()
  const byId = new Map<number, { de: Category; en: Category }>()
  const byPath = new Map<string, number>()
  const idOfPathEn = new Map(rows.map((r) => [r.pathEn, r.id]))
  const idOfPathDe = new Map(rows.map((r) => [r.pathDe ?? r.pathEn, r.id]))
  const make = (path: string, ids: Map<string, number>, id: number): Category => {
    const names = path.split(' > ')
    const trail = names.map((name, i) => {
      const levelId = ids.get(names.slice(0, i + 1).join(' > ')) ?? id
      return {
        id: levelId,
        name,
        path: `/c/${names
          .slice(0, i + 1)
          .map(slugOf)
          .join('/')}`,
      }
    })
    return { id, name: names[names.length - 1]!, trail, path: trail[trail.length - 1]!.path }
  }
  for (const r of rows) {
    const de = make(r.pathDe ?? r.pathEn, idOfPathDe, r.id)
    const en = make(r.pathEn, idOfPathEn, r.id)
    byId.set(r.id, { de, en })
    byPath.set(`de:${de.path}`, r.id)
    byPath.set(`en:${en.path}`, r.id)
  }
  return { byId, byPath, loadedAt: Date.now() }
}

async function taxonomyOf(platform: Platform): Promise<Taxonomy> {
  const slot = platform.local.of(taxonomySlot)
  if (slot.taxonomy && Date.now() - slot.taxonomy.loadedAt < ttlMs) return slot.taxonomy
  slot.loading ??= loadTaxonomy(platform).finally(() => {
    slot.loading = undefined
  })
  slot.taxonomy = await slot.loading
  return slot.taxonomy
}

export async function categoryById(platform: Platform, id: number, locale: Locale): Promise<Category | null> {
  return (await taxonomyOf(platform)).byId.get(id)?.[locale] ?? null
}

export async function categoryByPath(
  platform: Platform,
  path: string,
  locale: Locale,
): Promise<Category | null> {
  const taxonomy = await taxonomyOf(platform)
  const id = taxonomy.byPath.get(`${locale}:${path}`)
  return id === undefined ? null : (taxonomy.byId.get(id)?.[locale] ?? null)
}

/** The product and whether it is on offer (active, its shop active too). */
export async function productById(
  platform: Platform,
  id: string,
): Promise<{ product: SearchSourceRow; offered: boolean } | null> {
  const product = await repositoriesOf(platform).products.searchRowById(id)
  if (!product) return null
  return { product, offered: isOffered(product) }
}

/** Only http(s) addresses from a feed become links or images (never `javascript:` or `data:`). */
export const webAddress = (url: string | null | undefined): string | null =>
  url ? normalizeWebUrl(url) : null

/**
 * The feed images the `portal-images` job made assets of, by address: what a `srcset` and the
 * blur-up need. An address not fetched yet (or failed) is missing: the page shows the feed's.
 */
export async function imagesByUrl(
  platform: Platform,
  urls: readonly (string | null)[],
): Promise<Map<string, ProductImage>> {
  const wanted = [...new Set(urls.filter((u): u is string => !!u))]
  if (!wanted.length) return new Map()
  try {
    return await repositoriesOf(platform).productImages.byUrls(wanted)
  } catch (error) {
    platform.logger.warn('portal.images_failed', { error })
    return new Map()
  }
}
