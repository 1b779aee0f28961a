// Entry of the Node container: `npm start` and the container image run this file.
import { ConfigError, parseConfig, scrubString } from '@glam/core'
// Every manifest (the list and the container-only functions), so parseConfig reads their settings.
import '../container-routes.ts'
import { startNodeServer } from './server.ts'

let config: ReturnType<typeof parseConfig>
try {
  config = parseConfig(process.env)
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`glam: refusing to start.\n${err.message}`)
    process.exit(1)
  }
  throw err
}

const server = await startNodeServer(config).catch((err: NodeJS.ErrnoException) => {
  if (err.code === 'EADDRINUSE' || err.code === 'EACCES')
    console.error(`glam: cannot listen on port ${config.port}: ${err.code}`)
  else console.error(`glam: cannot start: ${scrubString(err.message)}`)
  process.exit(1)
})
// Demo traffic for the reports, once, in the background (development with demo data).
if (
  config.demoData &&
  config.demoTrafficDays > 0 &&
  config.env !== 'production' &&
  config.events === 'clickhouse'
)
  void import('./demo-traffic-start.ts').then(({ seedDemoTraffic }) =>
    seedDemoTraffic(server.platform, config.demoTrafficDays),
  )
// The demo shop beside the platform (development): products, a cart and the pixel on its pages.
// The OCR workers load their models now, so the first screenshot does not wait for them.
if (config.ocrWarm && server.platform.ocr)
  void server.platform.ocr
    .warm()
    .catch((error: Error) => server.platform.logger.error('ocr.not_started', { error: error.message }))

let demoShop: { close(): Promise<void> } | undefined
if (config.demoShopPort) {
  const { defaultPricesFile, defaultStockFile, startDemoShop } = await import('@glam/demo-shop')
  const { demo } = await import('@glam/db/demo')
  demoShop = await startDemoShop({
    port: config.demoShopPort,
    hostname: '127.0.0.1',
    glamUrl: config.env === 'production' ? config.publicUrl : server.url,
    publicKey: demo.shopPublicKey,
    pricesFile: defaultPricesFile,
    stockFile: defaultStockFile,
  }).then(
    (shop) => {
      server.platform.logger.info('demo_shop.listening', { url: shop.url })
      // Its feeds into its catalogue, in the background: the start does not wait.
      if (config.demoData && config.env !== 'production')
        void import('./demo-feeds.ts').then(({ importDemoFeeds }) =>
          importDemoFeeds(server.platform, shop.url),
        )
      return shop
    },
    (error: NodeJS.ErrnoException) => {
      server.platform.logger.warn('demo_shop.not_started', {
        port: config.demoShopPort,
        code: error.code ?? null,
      })
      return undefined
    },
  )
}
let signals = 0
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => {
    if (++signals > 1) process.exit(130) // a second Ctrl-C means now
    void Promise.all([server.shutdown(signal), demoShop?.close()]).then(() => process.exit(0))
  })
}
