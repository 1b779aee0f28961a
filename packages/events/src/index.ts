/**
 * @module @glam/events
 * Analytics events on ClickHouse (a server in production, chDB embedded).
 *
 * ```ts
 * const backend = await createClickHouseBackend({ url: 'http://127.0.0.1:8123', database: 'glam' })
 * await migrateClickHouse(backend)
 * const events = createEventWriter({ backend, logger, spill })
 * events.record({ table: 'clicks', id, time, … }) // never awaits
 * ```
 */
export { type EventBackend, migrateClickHouse } from './backend.ts'
export { type ClickHouseOptions, createClickHouseBackend, createClickHouseWebBackend } from './clickhouse.ts'
export { createEnricher, describeUserAgent, enrichEvent } from './enrich.ts'
export { defineQuery } from './query.ts'
export { clickhouseMigrations, type EventTable, eventTables } from './schema.ts'
export { visitorHash } from './visitor.ts'
export { createEventWriter, type EventWriter, type EventWriterOptions, type SpillStore } from './writer.ts'
