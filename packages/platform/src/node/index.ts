/**
 * @module @glam/platform/node
 * Node container wiring: the platform from configuration and the HTTP server.
 *
 * ```ts
 * const server = await startNodeServer(parseConfig(process.env))
 * process.on('SIGTERM', () => server.shutdown('SIGTERM'))
 * ```
 */
export { createBackgroundTracker } from '../background.ts'
export { createNodePlatform, type NodePlatform } from './platform.ts'
export { demoShopSecret, prepareNodePlatform } from './prepare.ts'
export { type RunningServer, startNodeServer } from './server.ts'
