/**
 * Google's product taxonomy: the text files' `<id> - <A > B > C>` lines as rows, and the resolver
 * a feed run puts each product in the taxonomy with. Edge-safe (no file access: see
 * shipped-taxonomy.ts for the files).
 *
 * ```ts
 * const taxonomyOf = await taxonomyResolver(repos, shopId) // two queries, then none per row
 * taxonomyOf('Health & Beauty > Personal Care > Cosmetics', 'Make-up > Lippen') // → 477
 * ```
 */
import type { Repositories } from '@glam/db/repositories/index'
import { categoryKey, type ResolveCategory, type TaxonomyRow } from '@glam/db/repositories/taxonomy'

export interface ParsedTaxonomy {
  /** The file's `# Google_Product_Taxonomy_Version:` line (the English file's). */
  version: string
  rows: TaxonomyRow[]
}

const line = /^(\d+) - (.+)$/

/** A taxonomy file's lines (`#` lines skipped) as id → path. */
function pathsOf(text: string, file: string): { version: string | null; paths: Map<number, string> } {
  let version: string | null = null
  const paths = new Map<number, string>()
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim()
    if (trimmed.startsWith('#')) {
      version ??= /Version:\s*(\S+)/.exec(trimmed)?.[1] ?? null
      return
    }
    if (!trimmed) return
    const match = line.exec(trimmed)
    if (!match) throw new Error(`${file} line ${index + 1} is not \`<id> - <path>\`: ${trimmed.slice(0, 80)}`)
    paths.set(Number(match[1]), match[2]!.split(/\s*>\s*/).join(' > '))
  })
  return { version, paths }
}

const lastLevel = (path: string) => path.split(' > ').at(-1)!

/**
 * The rows of the English file, with the German names of the ids the German file has; each row's
 * parent is the category whose path is its path without the last level (depth 1: the top).
 */
export function parseTaxonomy(english: string, german = ''): ParsedTaxonomy {
  const en = pathsOf(english, 'the English taxonomy')
  const de = pathsOf(german, 'the German taxonomy')
  if (!en.version) throw new Error('the English taxonomy has no `# Google_Product_Taxonomy_Version:` line')
  const idOf = new Map([...en.paths].map(([id, path]) => [path, id]))
  const rows = [...en.paths].map(([id, pathEn]): TaxonomyRow => {
    const pathDe = de.paths.get(id) ?? null
    const levels = pathEn.split(' > ')
    const parent = levels.slice(0, -1).join(' > ')
    const parentId = parent ? idOf.get(parent) : null
    if (parentId === undefined) throw new Error(`taxonomy category ${id} (${pathEn}) has no parent ${parent}`)
    return {
      id,
      parentId,
      depth: levels.length,
      nameEn: lastLevel(pathEn),
      pathEn,
      nameDe: pathDe && lastLevel(pathDe),
      pathDe,
    }
  })
  return { version: en.version, rows }
}

interface TaxonomyIndex {
  ids: Set<number>
  /** Category keys (English and German paths) → id. */
  paths: Map<string, number>
}

// One index per taxonomy version and process: a run asks for the version, not for 5,000 rows.
const indexes = new Map<string, Promise<TaxonomyIndex>>()

async function taxonomyIndex(repos: Repositories): Promise<TaxonomyIndex> {
  const version = await repos.taxonomy.version()
  if (!version) return { ids: new Set(), paths: new Map() }
  let index = indexes.get(version)
  if (!index) {
    index = repos.taxonomy.paths().then((rows) => {
      const paths = new Map<string, number>()
      for (const row of rows) {
        if (row.pathDe) paths.set(categoryKey(row.pathDe), row.id)
        paths.set(categoryKey(row.pathEn), row.id)
      }
      return { ids: new Set(rows.map((r) => r.id)), paths }
    })
    index.catch(() => indexes.delete(version))
    indexes.set(version, index)
  }
  return index
}

/**
 * How a run of this shop's feed places products: the category as a taxonomy id, else as a
 * taxonomy path (English or German, any case and spacing around `>`), else the shop's mapping of
 * the category, then of the product type; else null. Loads the shop's mappings once.
 */
export async function taxonomyResolver(repos: Repositories, shopId: string): Promise<ResolveCategory> {
  const [index, mappings] = await Promise.all([taxonomyIndex(repos), repos.taxonomy.mappings(shopId)])
  const mapped = new Map(mappings.map((m) => [categoryKey(m.category), m.taxonomyId]))
  const mapping = (text: string | null) => (text?.trim() ? mapped.get(categoryKey(text)) : undefined)
  return (category, productType) => {
    const text = category?.trim()
    if (text) {
      if (/^\d+$/.test(text) && index.ids.has(Number(text))) return Number(text)
      const byPath = index.paths.get(categoryKey(text))
      if (byPath !== undefined) return byPath
    }
    return mapping(category) ?? mapping(productType) ?? null
  }
}

/** Places the shop's products with this category or product type again (after a mapping changed); how many changed. */
export async function remapCategory(repos: Repositories, shopId: string, category: string): Promise<number> {
  return repos.taxonomy.remap(shopId, category, await taxonomyResolver(repos, shopId))
}
