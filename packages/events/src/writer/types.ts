/** The writer's public shapes (re-exported by writer.ts) and the counters its parts share. */
import type { AnalyticsEvent, EventSink, Logger } from '@glam/core'
import type { EventBackend } from '../backend.ts'

export interface SpillStore {
  /** Resolves once the batch is durable. */
  put(table: string, rows: Record<string, unknown>[], oldestAt: Date): Promise<unknown>
  /** A spill the writer replays itself (SQL). A queue spill has none: its consumer delivers. */
  oldest?(limit: number): Promise<{ id: string; eventTable: string; payload: Record<string, unknown>[] }[]>
  removeOne?(id: string): Promise<void>
  stats?(): Promise<{ batches: number; events: number; oldestAt: Date | null }>
}

export interface EventWriterOptions {
  backend: EventBackend
  logger: Logger
  spill?: SpillStore
  batchSize?: number
  /** 0: no timers (workerd, where the entry flushes after each request through waitUntil). */
  flushIntervalMs?: number
  /** Where events ClickHouse refuses as malformed are kept for inspection (else only logged). */
  rejects?: { put(table: string, row: Record<string, unknown>, error: string): Promise<void> }
  /** Without a spill, at most this many events wait in memory; beyond it the oldest are dropped (and logged). */
  maxBuffered?: number
  retryBaseMs?: number
  retryMaxMs?: number
  replayIntervalMs?: number
  /** Turns a recorded event into its row; runs at flush time, off the request path. */
  enrich?: (event: AnalyticsEvent) => Record<string, unknown>
  /**
   * Enrich this many events, then let the process serve others (default 500; 0: never). Not on
   * workerd: a timer there belongs to the request that set it, and the writer is shared by all.
   */
  yieldEvery?: number
  /** Keys the visitor hashes the default enrichment computes (GLAM_SECRET). */
  visitorSecret?: string
  /**
   * Further fields for `health()` (e.g. the embedded front's restarts), shown in /readyz; a
   * `status` of `degraded` or `down` there makes the port's status so.
   */
  healthFields?: () => Record<string, unknown>
  now?: () => number
}

export interface EventWriter extends EventSink {
  /** Where the events go; reports query it. */
  readonly backend: EventBackend
  /** Delivers or spills everything buffered. */
  flush(): Promise<void>
  /**
   * ClickHouse answers again (its supervisor says so): end the backoff and replay the spill now,
   * instead of at the next retry.
   */
  retryNow(): void
  stop(): Promise<void>
  stats(): {
    buffered: number
    delivered: number
    spilled: number
    replayed: number
    dropped: number
    /** Events ClickHouse refused as malformed (logged with their ids as `events.rejected`). */
    rejected: number
    failures: number
  }
}

/** What `stats()` counts besides the buffer; each part of the writer adds to its own. */
export type WriterCounters = Omit<ReturnType<EventWriter['stats']>, 'buffered'>

/** Which partial batches a drain sends (buffer.ts). */
export type DrainMode = 'full' | 'due' | 'all'
