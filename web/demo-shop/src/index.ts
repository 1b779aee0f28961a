/**
 * @module @glam/demo-shop
 * Demo Beauty, the merchant shop Glam's demo drives end to end: four products (their photos
 * served by Glam, see photos.ts), a cart in a cookie, a checkout, and Glam's pixel on every page
 * (the purchase on the confirmation).
 *
 * ```ts
 * import { startDemoShop } from '@glam/demo-shop'
 * const shop = await startDemoShop({ glamUrl: 'http://localhost:3000', publicKey: 'pk_demo_shop_public_key_01' })
 * // shop.url === 'http://127.0.0.1:3001'; later: await shop.close()
 * ```
 */
export { createDemoShopApp, type DemoShopOptions } from './app.tsx'
export { products } from './catalogue.ts'
export {
  type DemoShopServerOptions,
  defaultPricesFile,
  defaultStockFile,
  type RunningDemoShop,
  readOutOfStock,
  readPrices,
  startDemoShop,
} from './server.ts'
