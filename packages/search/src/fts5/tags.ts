/**
 * Tokens of the `tags` column (each category on a product's path, by taxonomy id), and the
 * numeric ids of brands and shops (ids.ts) the in-memory columns hold.
 */
import { facetKey } from '../analysis/index.ts'
import { numericId } from './ids.ts'

export const brandId = (brand: string) => numericId(`b:${facetKey(brand)}`)
export const shopNum = (shopId: string) => numericId(`s:${shopId}`)

export const tag = {
  category: (id: number) => `c${id}`,
}
