/**
 * The fixed part of the generated catalogue: every brand's product lines (type, featured
 * ingredient, shades or sizes, price) and the shops, built once from a constant seed. The
 * catalogue's own seed only samples products from them, so the relevance judgments (brand X
 * makes mascara) hold for every seed. Titles and descriptions are written here, once per line
 * and language, so generating a product only picks and joins precomputed strings.
 */
import { brands, lineNames, shopNames } from './catalogue-brands.ts'
import { mulberry32, pickFrom, slugify } from './catalogue-random.ts'
import { type CatalogueCategory, catalogueCategories } from './catalogue-taxonomy.ts'
import { type ProductTypeSpec, productTypes } from './catalogue-types.ts'
import {
  type Colour,
  colourShades,
  domainSentences,
  type Ingredient,
  ingredients,
  type Language,
  type Phrase,
  type TypeBase,
} from './catalogue-vocabulary.ts'

/** A shade or a size a line comes in. */
export interface LineOption {
  colour: Colour | undefined
  /** The shade's English name (`Cherry Red`, `030 Beige`), for shades. */
  shade: string | undefined
  /** `50 ml`, for sizes. */
  size: string | undefined
  priceMinor: number
  /** Title endings by shop style (see Shop.suffixStyle). */
  suffix: Record<Language, readonly string[]>
}

export interface Line {
  index: number
  brand: string
  name: string
  spec: ProductTypeSpec
  category: CatalogueCategory
  /** The document's categoryPath (shared by the line's products). */
  categoryPath: { readonly en: string; readonly de: string }
  finish: string | undefined
  ingredient: Ingredient | undefined
  spf: number | undefined
  slug: string
  skuPrefix: string
  /** Title starts by shop: [Shop.titleWording * 4 + Shop.titleStyle]. */
  titles: Record<Language, readonly string[]>
  descriptions: Record<Language, readonly string[]>
  /** Empty: the line has neither shades nor sizes. */
  options: readonly LineOption[]
}

export interface Shop {
  index: number
  id: string
  name: string
  language: Language
  /** 0 the bare product, 1 line + product, 2 brand + line + product, 3 brand + product. */
  titleStyle: number
  /** Which of a line's two wordings the shop uses (0 or 1). */
  titleWording: number
  suffixStyle: number
  /** Sends its own category words (`product_type`). */
  sendsCategory: boolean
  url: string
  imageBase: string
  /** Relative share of the catalogue. */
  weight: number
}

const lineSeed = 0x5eed_beef

const shadeSeparators: Record<Language, readonly string[]> = {
  de: [' – ', ' ', ', '],
  en: [' – ', ' - ', ', '],
}
const lineCents = [99, 95, 90, 49, 50, 0]

function optionsOf(spec: ProductTypeSpec, basePrice: number, random: () => number): LineOption[] {
  const shade = (names: Phrase, colour: Colour | undefined): LineOption => ({
    colour,
    shade: names.en,
    size: undefined,
    priceMinor: basePrice,
    suffix: {
      de: shadeSeparators.de.map((s) => s + names.de),
      en: shadeSeparators.en.map((s) => s + names.en),
    },
  })
  if (spec.colours) {
    const wanted = 4 + Math.floor(random() * 7)
    const seen = new Set<string>()
    const options: LineOption[] = []
    for (let attempt = 0; attempt < 60 && options.length < wanted; attempt++) {
      const colour = pickFrom(spec.colours, random())
      const names = pickFrom(colourShades[colour], random())
      if (seen.has(names.en)) continue
      seen.add(names.en)
      options.push(shade(names, colour))
    }
    return options
  }
  if (spec.tones) return spec.tones.map((tone) => shade(tone, undefined))
  if (!spec.sizes) return []
  const first = Number.parseFloat(spec.sizes[0]!)
  return spec.sizes.map((size) => {
    const factor = (Number.parseFloat(size) / first) ** 0.7
    const en = size.replace(' ml', 'ml')
    return {
      colour: undefined,
      shade: undefined,
      size,
      priceMinor: Math.max(99, Math.round((basePrice * factor) / 100) * 100 + (basePrice % 100)),
      suffix: { de: [` ${size}`], en: [` ${en}`, ` ${size}`] },
    }
  })
}

/** The product noun with the featured ingredient, as one shop writes it in each language. */
function baseTitle(
  base: TypeBase,
  ingredient: Ingredient | undefined,
  spf: number | undefined,
  random: () => number,
) {
  const fill = (text: string) => (spf === undefined ? text : text.replace('{spf}', String(spf)))
  let de = fill(base.de)
  let en = fill(base.en)
  if (ingredient) {
    const words = ingredients[ingredient]
    if (random() < 0.5) {
      de = `${de} ${pickFrom(words.suffix.de, random())}`
      en = `${en} ${pickFrom(words.suffix.en, random())}`
    } else {
      const join = random()
      const closable = words.closes && !de.includes(' ') && de.length <= 10
      de =
        closable && join < 0.4
          ? words.prefix.de + de.toLowerCase()
          : `${words.prefix.de}${join < 0.7 ? ' ' : '-'}${de}`
      en = `${words.prefix.en} ${en}`
    }
  }
  return { de, en }
}

function buildLine(
  index: number,
  brandName: string,
  name: string,
  spec: ProductTypeSpec,
  random: () => number,
): Line {
  const ingredient =
    spec.ingredients && random() < (spec.ingredientShare ?? 0.65)
      ? pickFrom(spec.ingredients, random())
      : undefined
  const spf = spec.spf ? pickFrom(spec.spf, random()) : undefined
  // Two ways shops title the line (same finish): half the shops write one, half the other.
  const first = pickFrom(spec.bases, random())
  const second = pickFrom(
    spec.bases.filter((b) => b.finish === first.finish),
    random(),
  )
  const bases = [baseTitle(first, ingredient, spf, random), baseTitle(second, ingredient, spf, random)]
  const [low, high] = spec.price
  const euros = Math.round(low + (high - low) * random() ** 1.5)
  const basePrice = Math.max(99, euros * 100 - ((100 - pickFrom(lineCents, random())) % 100))
  const titles = (language: Language): string[] =>
    bases.flatMap(({ [language]: noun }) => {
      const named = `${name} ${noun}`
      const branded = `${brandName} ${name} ${noun}`
      return spec.namedLines
        ? [named, named, branded, branded]
        : [noun, named, branded, `${brandName} ${noun}`]
    })
  const sentences = domainSentences[spec.domain]
  const a = pickFrom(sentences, random())
  const b = sentences[(sentences.indexOf(a) + 1) % sentences.length]!
  const middle = ingredient ? ingredients[ingredient].sentence : a
  const descriptions = (language: Language): string[] => [
    spec.sentence[language],
    `${spec.sentence[language]} ${middle[language]}`,
    `${spec.sentence[language]} ${middle[language]} ${(ingredient ? a : b)[language]}`,
  ]
  const slug = slugify(`${brandName} ${name} ${first.en}`)
  const category = catalogueCategories[spec.categoryId]
  if (!category) throw new Error(`${spec.type}: category ${spec.categoryId} is not in catalogue-taxonomy.ts`)
  return {
    index,
    brand: brandName,
    name,
    spec,
    category,
    categoryPath: Object.freeze({ en: category.en, de: category.de }),
    finish: first.finish,
    ingredient,
    spf,
    slug,
    skuPrefix: `${slugify(brandName).slice(0, 3).toUpperCase()}${index}-`,
    titles: { de: titles('de'), en: titles('en') },
    descriptions: { de: descriptions('de'), en: descriptions('en') },
    options: optionsOf(spec, basePrice, random),
  }
}

function buildLines(): Line[] {
  const random = mulberry32(lineSeed)
  const lines: Line[] = []
  for (const brand of brands) {
    const offered = productTypes.filter((t) => brand.domains.includes(t.domain))
    const count = 8 + Math.floor(random() * 5)
    const names = [...lineNames]
    // By weight without repeats until the brand makes every type it offers, then with repeats.
    let weights = offered.map((t) => t.weight)
    for (let i = 0; i < count; i++) {
      if (weights.every((w) => w === 0)) weights = offered.map((t) => t.weight)
      const picked = pickWeighted(weights, random())
      weights[picked] = 0
      const name = names.splice(Math.floor(random() * names.length), 1)[0]!
      lines.push(buildLine(lines.length, brand.name, name, offered[picked]!, random))
    }
  }
  return lines
}

function pickWeighted(weights: readonly number[], r: number): number {
  let target = r * weights.reduce((sum, w) => sum + w, 0)
  for (let i = 0; i < weights.length; i++) {
    target -= weights[i]!
    if (target < 0 && weights[i]! > 0) return i
  }
  return weights.findLastIndex((w) => w > 0)
}

/** Every brand's lines, built once. */
export const catalogueLines: readonly Line[] = buildLines()

/** Shops: three in five German, sizes skewed (the first shops are the big ones). */
export function buildShops(count: number): Shop[] {
  const random = mulberry32(lineSeed ^ 0x5409)
  const used = { de: 0, en: 0 }
  return Array.from({ length: count }, (_, index) => {
    const language: Language = index % 5 === 1 || index % 5 === 3 ? 'en' : 'de'
    const names = shopNames[language]
    const n = used[language]++
    const name = names[n % names.length]! + (n >= names.length ? ` ${Math.floor(n / names.length) + 1}` : '')
    const id = `shop-${index + 1}`
    return {
      index,
      id,
      name,
      language,
      titleStyle: Math.floor(random() * 4),
      titleWording: index % 2,
      suffixStyle: Math.floor(random() * 3),
      sendsCategory: random() < 0.8,
      url: `https://${id}.example`,
      imageBase: `https://cdn.${id}.example/img/`,
      weight: 1 / Math.sqrt(index + 1),
    }
  })
}
