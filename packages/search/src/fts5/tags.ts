/**
 * Filter tokens of the `tags` column: letters, digits and `_` only (the tokenizer keeps `_`).
 * Brands by their folded key, shops by their id's letters and digits.
 */
import { facetKey } from '../analysis/index.ts'

const safe = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_+|_+$/g, '')

export const tag = {
  brand: (brand: string) => `b_${safe(facetKey(brand)) || 'none'}`,
  category: (id: number) => `c_${id}`,
  shop: (shopId: string) => `s_${safe(shopId)}`,
  availability: (a: string) => `a_${a}`,
  active: 'x_active',
  inactive: 'x_inactive',
  /** Every document has it: the MATCH of a browse that filters nothing. */
  all: 'x_all',
}
