/** The codes wishlists and alerts answer with (declared in the manifest). */
export const alertErrors = {
  ALERT_PRODUCT_UNKNOWN: { status: 422, message: 'There is no product on offer with this id.' },
  ALERT_NOT_FOUND: { status: 404, message: 'There is no alert of yours with this id.' },
  WISHLIST_NOT_FOUND: { status: 404, message: 'There is no wishlist of yours with this id.' },
  WISHLIST_LIMIT: { status: 409, message: 'A member keeps at most 20 wishlists.' },
  MEMBER_REQUIRED: {
    status: 401,
    message: 'Log in to the portal first (a member of the `portal` app).',
  },
} as const

declare module '@glam/core' {
  interface ErrorRegistry {
    ALERT_PRODUCT_UNKNOWN: true
    ALERT_NOT_FOUND: true
    WISHLIST_NOT_FOUND: true
    WISHLIST_LIMIT: true
    MEMBER_REQUIRED: true
  }
}
