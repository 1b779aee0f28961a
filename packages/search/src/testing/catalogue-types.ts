/**
 * The product types of the generated catalogue: what German and English shops call each, the
 * shades or sizes it comes in, the ingredients its lines feature, its taxonomy category, prices.
 * A type's nouns are the only type words its products' titles and descriptions carry, so the
 * ground-truth type is what a reader of the title would say (German compounds included:
 * `Nagellackentferner` is a nail polish remover, not a nail polish).
 */
import { careTypes } from './catalogue-care-types.ts'
import { hairTypes } from './catalogue-hair-types.ts'
import { makeupTypes } from './catalogue-makeup-types.ts'
import type { Colour, Domain, Ingredient, Phrase, TypeBase } from './catalogue-vocabulary.ts'

/** A named shade that is no colour (foundation tones). */
export type Tone = Phrase

export interface ProductTypeSpec {
  type: string
  domain: Domain
  categoryId: number
  /** Relative share of the catalogue's products. */
  weight: number
  /** Titles always carry the line's name (perfumes are known by it). */
  namedLines?: boolean
  /** A line picks one; `{spf}` is the line's sun protection factor. */
  bases: readonly TypeBase[]
  /** The colours a line's shades come from (a repeat weighs more). */
  colours?: readonly Colour[]
  tones?: readonly Tone[]
  /** German notation (`50 ml`); English writes `50ml`. */
  sizes?: readonly string[]
  /** The ingredients a line may feature (a repeat weighs more). */
  ingredients?: readonly Ingredient[]
  /** The share of lines that feature one; default 0.65. */
  ingredientShare?: number
  spf?: readonly number[]
  /** Whole euros, inclusive. */
  price: readonly [number, number]
  sentence: Phrase
  shopCategory: Phrase
}

export const productTypes: readonly ProductTypeSpec[] = [...makeupTypes, ...careTypes, ...hairTypes]
