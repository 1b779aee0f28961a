export { createNoAnalytics } from './analytics.ts'
export { createNoDatabase } from './database.ts'
export { createMemoryEventSink } from './events.ts'
