/**
 * The error codes the links API answers with, beside the core catalogue's: declared in its
 * manifest, registered as soon as this module loads, and added to `ErrorCode` by declaration
 * merging.
 */
import { registerErrors } from '@glam/core'

export const linkErrors = {
  PRODUCT_NOT_FOUND: {
    status: 404,
    message: 'No product with this id in a shop you can see.',
  },
  PRODUCT_SHOP_MISMATCH: {
    status: 409,
    message: "The product belongs to another shop than the link's (or to another customer's shop).",
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    PRODUCT_NOT_FOUND: true
    PRODUCT_SHOP_MISMATCH: true
  }
}

registerErrors(linkErrors)
