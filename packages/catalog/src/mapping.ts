/**
 * Which column, element or key is which product attribute. A name is compared in its compact
 * form (lower case, umlauts and ß folded, camelCase split, a `g:` prefix dropped, everything but
 * letters and digits removed), so `image_link`, `Image Link`, `imageLink` and `g:image_link` are
 * one name, and `Verfügbarkeit`, `Verfuegbarkeit` and `VERFÜGBARKEIT` another.
 *
 * Presets: `google` (the Google Merchant attribute names) and `de-shop` (German shop exports);
 * each also knows the common English synonyms (`sku`, `name`, `url`, `ean`, …) at a lower rank,
 * so a named column (`id`) beats a synonym (`sku`) when both are there.
 */

export const fields = [
  'id',
  'title',
  'description',
  'link',
  'imageLink',
  'additionalImageLinks',
  'price',
  'salePrice',
  'currency',
  'availability',
  'brand',
  'gtin',
  'mpn',
  'condition',
  'googleProductCategory',
  'productType',
  'itemGroupId',
  'stock',
] as const
export type Field = (typeof fields)[number]

/** Fields that collect every column or element mapped to them, in order. */
export const listFields: ReadonlySet<Field> = new Set(['additionalImageLinks'])

export type MappingName = 'google' | 'de-shop'
export const mappingNames: readonly MappingName[] = ['google', 'de-shop']

type Aliases = Partial<Record<Field, readonly string[]>>

/** The Google Merchant product data specification's names (support.google.com/merchants/answer/7052112). */
const google: Aliases = {
  id: ['id', 'offerid'],
  title: ['title'],
  description: ['description'],
  link: ['link'],
  imageLink: ['imagelink'],
  additionalImageLinks: ['additionalimagelink'],
  price: ['price'],
  salePrice: ['saleprice'],
  availability: ['availability'],
  brand: ['brand'],
  gtin: ['gtin'],
  mpn: ['mpn'],
  condition: ['condition'],
  googleProductCategory: ['googleproductcategory'],
  productType: ['producttype'],
  itemGroupId: ['itemgroupid'],
}

/** German shop exports (Shopware, JTL, Gambio, xt:Commerce, Plentymarkets and friends). */
const deShop: Aliases = {
  id: [
    'artikelnummer',
    'artikelnr',
    'artnr',
    'nr',
    'artikelid',
    'produktid',
    'produktnummer',
    'bestellnummer',
  ],
  title: ['bezeichnung', 'artikelbezeichnung', 'artikelname', 'produktname', 'produktbezeichnung', 'titel'],
  description: ['beschreibung', 'artikelbeschreibung', 'produktbeschreibung', 'langbeschreibung'],
  link: ['deeplink', 'produkturl', 'produktlink', 'artikelurl', 'artikellink'],
  imageLink: [
    'bild',
    'bildurl',
    'bildlink',
    'bild1',
    'hauptbild',
    'bildadresse',
    'produktbild',
    'artikelbild',
  ],
  additionalImageLinks: ['weiterebilder', 'zusatzbilder', 'bild2', 'bild3', 'bild4', 'bild5'],
  price: ['preis', 'verkaufspreis', 'bruttopreis', 'preisbrutto', 'vkpreis', 'vkbrutto'],
  salePrice: ['angebotspreis', 'sonderpreis', 'aktionspreis', 'reduzierterpreis'],
  currency: ['waehrung', 'wahrung'],
  availability: ['verfuegbarkeit', 'verfugbarkeit', 'lieferbarkeit', 'lieferstatus', 'lagerstatus'],
  brand: ['marke', 'hersteller', 'markenname'],
  gtin: ['ean', 'eancode', 'ean13', 'gtin'],
  mpn: ['herstellernummer', 'herstellerartikelnummer'],
  condition: ['zustand'],
  productType: ['kategorie', 'kategorien', 'warengruppe', 'produktkategorie', 'kategoriepfad'],
  stock: ['lagerbestand', 'bestand', 'menge'],
  itemGroupId: ['variantengruppe', 'vaterartikelnummer', 'elternartikelnummer'],
}

/** Names many shops use whatever their language: ranked below a preset's own names. */
const synonyms: Aliases = {
  id: [
    'sku',
    'productid',
    'itemid',
    'articleid',
    'articlenumber',
    'ordernumber',
    'productnumber',
    'itemnumber',
    'offerid',
  ],
  title: ['name', 'productname', 'producttitle'],
  description: ['summary', 'longdescription', 'descriptionlong', 'body', 'bodyhtml'],
  link: ['url', 'producturl', 'productlink', 'deeplink', 'link'],
  imageLink: ['image', 'imageurl', 'mainimage', 'picture', 'imagelink'],
  additionalImageLinks: ['additionalimagelinks', 'additionalimages'],
  price: ['regularprice', 'price'],
  salePrice: ['specialprice', 'offerprice', 'saleprice'],
  currency: ['currency', 'currencycode'],
  availability: ['stockstatus', 'availability'],
  brand: ['manufacturer', 'manufacturername', 'vendor', 'supplier', 'brand'],
  gtin: ['ean', 'upc', 'isbn', 'ean13', 'gtin13', 'gtin14', 'gtin8', 'gtin12', 'barcode'],
  mpn: ['mpn', 'manufacturerpartnumber'],
  condition: ['condition'],
  productType: ['category', 'categories', 'producttype'],
  stock: ['quantity', 'stock', 'stocklevel', 'instock', 'inventory', 'qty'],
  itemGroupId: ['parentsku', 'parentid', 'itemgroupid'],
}

const fold: Record<string, string> = { ä: 'ae', ö: 'oe', ü: 'ue', ß: 'ss' }

/** A name's compact form: `g:image_link` → `imagelink`, `Verfügbarkeit` → `verfuegbarkeit`. */
export function compact(name: string): string {
  let text = name.trim()
  const colon = text.lastIndexOf(':')
  if (colon >= 0) text = text.slice(colon + 1)
  return text
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .replace(/[äöüß]/g, (c) => fold[c]!)
    .normalize('NFKD')
    .replace(/[^a-z0-9]/g, '')
}

type Table = Map<string, { field: Field; rank: number }>

function table(...levels: Aliases[]): Table {
  const out: Table = new Map()
  levels.forEach((aliases, level) => {
    for (const [field, names] of Object.entries(aliases) as [Field, readonly string[]][]) {
      names.forEach((name, i) => {
        if (!out.has(name)) out.set(name, { field, rank: level * 100 + i })
      })
    }
  })
  return out
}

const tables: Record<MappingName, Table> = {
  // Each preset knows the other's names too, below its own: a Google feed with a `Währung`.
  google: table(google, synonyms, deShop),
  'de-shop': table(deShop, google, synonyms),
}

/** How a name maps under a preset, or undefined. Lower rank wins when two names claim a field. */
export function lookup(mapping: MappingName, name: string) {
  return tables[mapping].get(compact(name))
}

/** What a preset makes of these names: a score (its own names count double) and the fields. */
function scoreUnder(mapping: MappingName, names: readonly string[]) {
  let score = 0
  const fields = new Set<Field>()
  for (const name of names) {
    const hit = lookup(mapping, name)
    if (!hit) continue
    score += hit.rank < 100 ? 2 : 1
    fields.add(hit.field)
  }
  return { score, fields }
}

/**
 * The preset that recognises more of these names (its own names count double); ties go to
 * `google`. Null when neither maps a name to `id` or `title`: a feed we cannot read.
 */
export function detectMapping(names: readonly string[]): MappingName | null {
  let best: MappingName | null = null
  let bestScore = 0
  for (const mapping of mappingNames) {
    const { score, fields } = scoreUnder(mapping, names)
    if ((fields.has('id') || fields.has('title')) && score > bestScore) {
      best = mapping
      bestScore = score
    }
  }
  return best
}

/**
 * How well a record's names map under the better preset: distinct fields, whether an id and a
 * title are among them. Null when neither preset maps an id or a title.
 */
export function recordScore(names: readonly string[]) {
  let best: { mapping: MappingName; fields: number; id: boolean; title: boolean } | null = null
  for (const mapping of mappingNames) {
    const { fields } = scoreUnder(mapping, names)
    const id = fields.has('id')
    const title = fields.has('title')
    if ((id || title) && (!best || fields.size > best.fields))
      best = { mapping, fields: fields.size, id, title }
  }
  return best
}

/**
 * Columns to fields for a header: each field from its best-ranked column (the first of equals),
 * list fields from all of theirs. `columns[i]` is column i's field or undefined.
 */
export function mapColumns(mapping: MappingName, header: readonly string[]) {
  const best = new Map<Field, { index: number; rank: number }>()
  const columns: (Field | undefined)[] = header.map(() => undefined)
  header.forEach((name, index) => {
    const hit = lookup(mapping, name)
    if (!hit) return
    if (listFields.has(hit.field)) {
      columns[index] = hit.field
      return
    }
    const current = best.get(hit.field)
    if (!current || hit.rank < current.rank) best.set(hit.field, { index, rank: hit.rank })
  })
  for (const [field, { index }] of best) columns[index] = field
  return columns
}

/** A cache of name → field for keyed records (XML elements, JSON keys), rank kept for ties. */
export function keyMapper(mapping: MappingName) {
  const cache = new Map<string, { field: Field; rank: number } | null>()
  return (name: string) => {
    let hit = cache.get(name)
    if (hit === undefined) {
      hit = lookup(mapping, name) ?? null
      cache.set(name, hit)
    }
    return hit
  }
}
