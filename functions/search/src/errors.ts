/** The codes the search function answers with, beside the core catalogue's (declared in the manifest). */
export const searchErrors = {
  SEARCH_UNAVAILABLE: {
    status: 503,
    message: 'Product search is not available on this deployment (GLAM_SEARCH=none or no index bound).',
  },
  INVALID_CURSOR: {
    status: 400,
    message: 'The cursor is not one this search gave out; start again without it.',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    SEARCH_UNAVAILABLE: true
    INVALID_CURSOR: true
  }
}
