/**
 * The writer's memory: `record()` appends on the request path (no awaiting, no parsing, no I/O);
 * a drain enriches the events off it and sends them by table, when a batch fills up, on the
 * flush timer, or on `flush()`. What nothing would take goes back to the front of the buffer,
 * which keeps at most `maxBuffered` events (the oldest beyond it are dropped).
 */
import type { AnalyticsEvent } from '@glam/core'
import { createEnricher } from '../enrich.ts'
import type { DrainMode, EventWriterOptions, WriterCounters } from './types.ts'

export interface EventBuffer {
  record(event: AnalyticsEvent): void
  /** Starts a drain, or joins the one under way. */
  kick(mode: DrainMode): Promise<void>
  /** Drains until the buffer is empty, or nothing more would take the events. */
  flush(): Promise<void>
  /** How many events wait. */
  size(): number
  /** When the oldest waiting event was recorded. */
  oldestAt(): number | undefined
  /** Ends the flush timer. */
  stopTimer(): void
}

/**
 * A turn of the event loop, for processes that serve other requests meanwhile: setImmediate
 * where there is one (a 0-ms timer waits at least 1 ms on Node: 40 of them per 20,000-event
 * batch cost the events bench a third of its throughput).
 */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate
const nextTurn = immediate
  ? () => new Promise<void>((resolve) => void immediate(resolve))
  : () => new Promise<void>((resolve) => setTimeout(resolve, 0))

export function createEventBuffer(
  options: EventWriterOptions,
  counters: WriterCounters,
  /** Delivers or spills a table's rows; false when neither took them. */
  sendOrSpill: (table: string, rows: Record<string, unknown>[], oldestAt: number) => Promise<boolean>,
): EventBuffer {
  const { logger } = options
  const batchSize = options.batchSize ?? 5_000
  const maxBuffered = options.maxBuffered ?? 200_000
  const yieldEvery = options.yieldEvery ?? 500
  const enrich = options.enrich ?? createEnricher({ visitorSecret: options.visitorSecret })
  const now = options.now ?? Date.now
  let buffer: AnalyticsEvent[] = []
  let bufferTimes: number[] = []
  let running: Promise<void> | undefined

  /**
   * What a drain sends: `full` batches only (a batch filled up), what was `due` when it began
   * (the timer: new arrivals wait for the next tick), or `all` until the buffer is empty (flush,
   * stop; on workerd every request flushes, and one drain taking everything keeps the others
   * from doing I/O after awaiting a promise of another request, which workerd refuses). So a
   * busy Node process sends a few large inserts a second instead of a small one after each
   * answer: ClickHouse writes a part per insert and merges them all again in the background
   * (measured: BENCHMARKS.md "Redirect").
   */
  async function drain(mode: DrainMode): Promise<void> {
    let due = mode === 'due' ? buffer.length : 0
    const more = () => buffer.length >= batchSize || (buffer.length > 0 && (mode === 'all' || due > 0))
    while (more()) {
      const events = buffer.splice(0, batchSize)
      due -= events.length
      const times = bufferTimes.splice(0, events.length)
      const groups = new Map<
        string,
        { rows: Record<string, unknown>[]; oldest: number; events: AnalyticsEvent[] }
      >()
      for (let i = 0; i < events.length; i++) {
        // Enrichment parses user agents: a slice at a time, so requests in flight are not held up.
        if (yieldEvery > 0 && i > 0 && i % yieldEvery === 0) await nextTurn()
        const event = events[i]!
        let group = groups.get(event.table)
        if (!group) {
          group = { rows: [], oldest: times[i]!, events: [] }
          groups.set(event.table, group)
        }
        group.events.push(event)
        try {
          group.rows.push(enrich(event))
        } catch (error) {
          counters.dropped++
          logger.error('events.enrich_failed', { table: event.table, id: event.id, error })
        }
      }
      for (const [table, group] of groups) {
        let done = false
        try {
          done = await sendOrSpill(table, group.rows, group.oldest)
        } catch (err) {
          logger.error('events.spill_failed', { table, events: group.rows.length, error: err })
        }
        if (!done) {
          // Neither ClickHouse nor the spill took them: keep them in memory (bounded) and retry later.
          buffer = [...group.events, ...buffer]
          bufferTimes = [...group.events.map(() => group.oldest), ...bufferTimes]
          if (buffer.length > maxBuffered) {
            const excess = buffer.length - maxBuffered
            buffer.splice(maxBuffered)
            bufferTimes.splice(maxBuffered)
            counters.dropped += excess
            logger.error('events.dropped', { events: excess, reason: 'buffer full and no spill available' })
          }
          return
        }
      }
    }
  }

  const kick = (mode: DrainMode) => {
    running ??= drain(mode).finally(() => {
      running = undefined
    })
    return running
  }

  const flushTimer =
    (options.flushIntervalMs ?? 1_000) > 0
      ? setInterval(() => void kick('due'), options.flushIntervalMs ?? 1_000)
      : undefined
  ;(flushTimer as { unref?: () => void } | undefined)?.unref?.()

  return {
    record(event) {
      buffer.push(event)
      bufferTimes.push(now())
      if (buffer.length === batchSize) queueMicrotask(() => void kick('full'))
    },
    kick,
    async flush() {
      // A drain of full batches may be under way (kick() joins it, and it leaves the partial
      // rest): go again until the buffer is empty, or nothing more would take the events.
      for (let round = 0; round < 3; round++) {
        await running
        await kick('all')
        if (buffer.length === 0) break
      }
    },
    size: () => buffer.length,
    oldestAt: () => bufferTimes[0],
    stopTimer: () => clearInterval(flushTimer),
  }
}
