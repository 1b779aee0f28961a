/**
 * @module @glam/pixel
 * The conversion pixel: `/pixel.js` and `/collect` for browsers (createCollectApp),
 * `/api/conversions` for shops' servers (createConversionsApp), `/api/shops` for onboarding
 * (createShopsApp). Orders live in SQL, conversions go to ClickHouse through the events layer.
 */
export { createCollectApp, forgetShop } from './collect.ts'
export { createConversionsApp, orderView } from './conversions.ts'
export { createCouponsApp } from './coupons.ts'
export { createShopsApp } from './shops.ts'
export { signBody } from './signature.ts'
