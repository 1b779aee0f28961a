/**
 * The search port: product search over the catalogue (full text in German and English, facets,
 * typeahead). Engines live in @glam/search (SQLite FTS5 through libsql or D1, the embedded
 * default); functions only see this interface. Text is analysed in TypeScript before it reaches
 * an engine (@glam/search/analysis), so every engine indexes and matches the same tokens.
 */
import type { Port } from './platform.ts'

export const searchLocales = ['de', 'en'] as const
export type SearchLocale = (typeof searchLocales)[number]

export const searchAvailabilities = ['in_stock', 'out_of_stock', 'preorder', 'backorder'] as const
export type SearchAvailability = (typeof searchAvailabilities)[number]

export const searchSorts = ['relevance', 'price_asc', 'price_desc', 'newest'] as const
export type SearchSort = (typeof searchSorts)[number]

export const searchFacets = ['brand', 'category', 'price', 'availability', 'shop'] as const
export type SearchFacet = (typeof searchFacets)[number]

/** A catalogue product as the index holds it: one document per product (variants are documents too). */
export interface SearchDocument {
  productId: string
  shopId: string
  shopName: string
  sku: string
  /** Variants collapse on it: the feed's item group within the shop, else the GTIN, else the product. */
  groupKey: string
  title: string
  brand: string | null
  /** Plain text (no HTML). */
  description: string | null
  /** The shop's own category words (`product_type`, its category text): searched, not faceted. */
  shopCategory: string | null
  /** Its place in the platform taxonomy; null when the feed did not say. */
  categoryId: number | null
  /** The taxonomy path, root first, in each locale (`Health & Beauty > … > Lipstick`). */
  categoryPath: { en: string; de: string } | null
  /** The ids on the taxonomy path, root first: a category filter matches its descendants. */
  categoryPathIds: readonly number[]
  priceMinor: number
  salePriceMinor: number | null
  currency: string
  availability: SearchAvailability
  active: boolean
  imageUrl: string | null
  /** The shop's product page. */
  url: string
  gtin: string | null
  /** When the catalogue first saw it (epoch ms): the `newest` sort. */
  firstSeenAt: number
  /** The catalogue row's `updated_at` (epoch ms): incremental updates resume from it. */
  updatedAt: number
}

export interface SearchFilters {
  /** Brand names (any of them), compared case- and accent-insensitively. */
  brand?: readonly string[]
  /** Taxonomy ids (any of them, descendants included). */
  category?: readonly number[]
  /** The price paid (the sale price where there is one), in minor units, inclusive. */
  priceMin?: number
  priceMax?: number
  availability?: readonly SearchAvailability[]
  shop?: readonly string[]
  /** Inactive products too (default: active only). */
  includeInactive?: boolean
}

export interface SearchQuery {
  /** Free text; empty browses everything that matches the filters. */
  q: string
  locale: SearchLocale
  filters?: SearchFilters
  sort?: SearchSort
  offset?: number
  limit?: number
  /** Treat the last word as a prefix (typeahead); default true. */
  prefix?: boolean
  /** Synonym groups of the query's locale (each group's phrases mean the same). */
  synonyms?: readonly (readonly string[])[]
}

export interface SearchHit {
  productId: string
  shopId: string
  title: string
  brand: string | null
  priceMinor: number
  salePriceMinor: number | null
  currency: string
  availability: SearchAvailability
  imageUrl: string | null
  /** The shop's product page. */
  url: string
  /** How many documents (variants) collapsed into this hit. */
  variants: number
  /** The title with matched words in `<mark>…</mark>`, the rest HTML-escaped. */
  highlight: string
}

export interface FacetCount {
  value: string
  count: number
  /** Taxonomy id (category) or shop id (shop), where the value is a name. */
  id?: string
}

export interface PriceRangeCount {
  /** Minor units, inclusive; null: open. */
  from: number | null
  /** Minor units, exclusive; null: open. */
  to: number | null
  count: number
}

export interface SearchFacetCounts {
  brand: FacetCount[]
  category: FacetCount[]
  price: PriceRangeCount[]
  availability: FacetCount[]
  shop: FacetCount[]
}

export interface SearchResult {
  /** Collapsed hits (groups) that match. */
  total: number
  hits: SearchHit[]
  /** Counts of collapsed hits; each facet ignores its own filter (pick several values of it). */
  facets: SearchFacetCounts
  /** The offset of the next page; null on the last page. */
  nextOffset: number | null
  /** The words the engine searched for instead (typo corrections), when it corrected any. */
  corrected?: string[]
}

export interface FacetValuesQuery {
  facet: Exclude<SearchFacet, 'price'>
  q: string
  locale: SearchLocale
  /** Only values with a word starting with it (folded). */
  prefix?: string
  filters?: SearchFilters
  limit?: number
  synonyms?: readonly (readonly string[])[]
}

export interface SuggestQuery {
  q: string
  locale: SearchLocale
  limit?: number
  synonyms?: readonly (readonly string[])[]
}

export interface Suggestions {
  products: Pick<SearchHit, 'productId' | 'title' | 'brand' | 'imageUrl' | 'highlight'>[]
  brands: FacetCount[]
  categories: FacetCount[]
}

export interface SearchIndexStats {
  documents: number
  active: number
  /** The newest `updatedAt` indexed (epoch ms), 0 when empty: where an incremental update resumes. */
  watermark: number
}

export interface SearchEngine extends Port {
  /** Adds or replaces documents (by productId). */
  upsert(docs: readonly SearchDocument[]): Promise<void>
  /** Removes documents by productId; unknown ids are ignored. */
  remove(productIds: readonly string[]): Promise<void>
  search(query: SearchQuery): Promise<SearchResult>
  facetValues(query: FacetValuesQuery): Promise<FacetCount[]>
  suggest(query: SuggestQuery): Promise<Suggestions>
  stats(): Promise<SearchIndexStats>
  /** Records where an incremental update got to (epoch ms). */
  setWatermark(ms: number): Promise<void>
  /** The indexed (productId, updatedAt, active) after `after` in productId order: the consistency check. */
  entries(after: string, limit: number): Promise<{ productId: string; updatedAt: number; active: boolean }[]>
  /** Drops every document (a full reindex starts here). */
  clear(): Promise<void>
  close?(): Promise<void>
}

/** Bounds every engine and the HTTP API share. */
export const searchLimits = {
  maxLimit: 100,
  defaultLimit: 20,
  /** Deep paging stops here (as Meilisearch's maxTotalHits): offset + limit ≤ it. */
  maxOffset: 1000,
  maxQueryLength: 200,
  maxWords: 12,
} as const
