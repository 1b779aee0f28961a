export { createMemoryBlobStore } from './blobs.ts'
export { createMemoryCache } from './cache.ts'
export { createNoDatabase } from './database.ts'
export { createMemoryEventSink } from './events.ts'
