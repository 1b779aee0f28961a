/**
 * The batched events writer: `record()` appends to memory on the request path (no awaiting,
 * no parsing, no I/O); batches go to ClickHouse by size and by time. When ClickHouse is down
 * or slow, batches go to a durable spill (the SQL database on Node) and are replayed when it
 * answers again. Delivery is at least once; reports count each event id once (schema.ts).
 */
import type { AnalyticsEvent, EventSink, Logger, PortHealth } from '@glam/core'
import type { EventBackend } from './backend.ts'
import { createEnricher } from './enrich.ts'

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

/**
 * A turn of the event loop, for processes that serve other requests meanwhile: setImmediate
 * where there is one (a 0-ms timer waits at least 1 ms on Node: 40 of them per 20,000-event
 * batch cost the events bench a third of its throughput).
 */
const immediate = (globalThis as { setImmediate?: (callback: () => void) => unknown }).setImmediate
const nextTurn = immediate
  ? () => new Promise<void>((resolve) => void immediate(resolve))
  : () => new Promise<void>((resolve) => setTimeout(resolve, 0))

export function createEventWriter(options: EventWriterOptions): EventWriter {
  const { backend, logger, spill } = options
  const batchSize = options.batchSize ?? 5_000
  const maxBuffered = options.maxBuffered ?? 200_000
  const retryBase = options.retryBaseMs ?? 250
  const retryMax = options.retryMaxMs ?? 10_000
  const yieldEvery = options.yieldEvery ?? 500
  const enrich = options.enrich ?? createEnricher({ visitorSecret: options.visitorSecret })
  const now = options.now ?? Date.now
  let buffer: AnalyticsEvent[] = []
  let bufferTimes: number[] = []
  const counters = { delivered: 0, spilled: 0, replayed: 0, dropped: 0, rejected: 0, failures: 0 }
  let downUntil = 0
  let consecutiveFailures = 0
  let lastError: string | undefined
  let running: Promise<void> | undefined
  let replaying: Promise<void> | undefined
  let replayAgain = false
  let spillStats: { events: number; oldestAt: Date | null } = { events: 0, oldestAt: null }
  let stopped = false

  const markDown = (err: unknown) => {
    consecutiveFailures++
    counters.failures++
    lastError = err instanceof Error ? err.message : String(err)
    downUntil = now() + Math.min(retryMax, retryBase * 2 ** Math.min(consecutiveFailures - 1, 10))
    logger.warn('events.backend_failed', {
      error: lastError.slice(0, 300),
      retryInMs: downUntil - now(),
      failures: consecutiveFailures,
    })
  }
  /**
   * Inserts rows; when ClickHouse refuses the data itself (a row it cannot parse), the batch is
   * split in halves until the bad rows stand alone: good rows are delivered, bad ones rejected
   * (logged with their ids, counted), and the backend is not marked down, so one malformed event
   * never blocks its table. Network and server failures are thrown for the caller to retry.
   */
  async function insertIsolating(table: string, rows: Record<string, unknown>[]): Promise<number> {
    try {
      await backend.insert(table, rows)
      return rows.length
    } catch (err) {
      if (!isDataError(err)) throw err
      if (rows.length === 1) {
        counters.rejected++
        const error = (err instanceof Error ? err.message : String(err)).slice(0, 300)
        logger.error('events.rejected', { table, id: String(rows[0]!.id ?? ''), error })
        await options.rejects
          ?.put(table, rows[0]!, error)
          .catch((storeError: unknown) =>
            logger.error('events.reject_store_failed', { table, error: storeError }),
          )
        return 0
      }
      const half = Math.ceil(rows.length / 2)
      return (
        (await insertIsolating(table, rows.slice(0, half))) + (await insertIsolating(table, rows.slice(half)))
      )
    }
  }

  const markUp = () => {
    if (consecutiveFailures > 0) logger.info('events.backend_recovered', { after: consecutiveFailures })
    consecutiveFailures = 0
    downUntil = 0
  }

  async function sendOrSpill(
    table: string,
    rows: Record<string, unknown>[],
    oldestAt: number,
  ): Promise<boolean> {
    if (now() >= downUntil) {
      try {
        counters.delivered += await insertIsolating(table, rows)
        markUp()
        return true
      } catch (err) {
        markDown(err)
      }
    }
    if (!spill) return false
    await spill.put(table, rows, new Date(oldestAt))
    counters.spilled += rows.length
    spillStats = {
      events: spillStats.events + rows.length,
      oldestAt: spillStats.oldestAt ?? new Date(oldestAt),
    }
    return true
  }

  /**
   * What a drain sends: `full` batches only (a batch filled up), what was `due` when it began
   * (the timer: new arrivals wait for the next tick), or `all` until the buffer is empty (flush,
   * stop; on workerd every request flushes, and one drain taking everything keeps the others
   * from doing I/O after awaiting a promise of another request, which workerd refuses). So a
   * busy Node process sends a few large inserts a second instead of a small one after each
   * answer: ClickHouse writes a part per insert and merges them all again in the background
   * (measured: BENCHMARKS.md "Redirect").
   */
  async function drain(mode: 'full' | 'due' | 'all'): Promise<void> {
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

  const kick = (mode: 'full' | 'due' | 'all') => {
    running ??= drain(mode).finally(() => {
      running = undefined
    })
    return running
  }

  async function replay(): Promise<void> {
    if (!spill?.oldest || !spill.removeOne || now() < downUntil) return
    for (;;) {
      const batches = await spill.oldest(10)
      if (batches.length === 0) break
      for (const batch of batches) {
        let delivered: number
        try {
          delivered = await insertIsolating(batch.eventTable, batch.payload)
          markUp()
        } catch (err) {
          markDown(err)
          return
        }
        await spill.removeOne(batch.id)
        counters.replayed += delivered
      }
      if (stopped) break
    }
    if (spill.stats) spillStats = await spill.stats()
  }
  const kickReplay = (): Promise<void> => {
    replaying ??= replay()
      .catch((error) => logger.error('events.replay_failed', { error }))
      .finally(() => {
        replaying = undefined
        // retryNow() came while a replay (perhaps against the old, dead server) was under way.
        if (replayAgain && !stopped) {
          replayAgain = false
          void kickReplay()
        }
      })
    return replaying
  }

  const timers = (options.flushIntervalMs ?? 1_000) > 0
  const flushTimer = timers
    ? setInterval(() => void kick('due'), options.flushIntervalMs ?? 1_000)
    : undefined
  const replayTimer =
    timers && spill?.oldest
      ? setInterval(() => void kickReplay(), options.replayIntervalMs ?? 2_000)
      : undefined
  ;(flushTimer as { unref?: () => void } | undefined)?.unref?.()
  ;(replayTimer as { unref?: () => void } | undefined)?.unref?.()
  if (spill?.stats) {
    void spill.stats().then(
      (s) => (spillStats = s),
      () => undefined,
    )
  }

  return {
    backend,
    adapter: `${backend.adapter}+writer${spill ? '+spill' : ''}`,
    record(event) {
      buffer.push(event)
      bufferTimes.push(now())
      if (buffer.length === batchSize) queueMicrotask(() => void kick('full'))
    },
    async flush() {
      // A drain of full batches may be under way (kick() joins it, and it leaves the partial
      // rest): go again until the buffer is empty, or nothing more would take the events.
      for (let round = 0; round < 3; round++) {
        await running
        await kick('all')
        if (buffer.length === 0) break
      }
    },
    retryNow() {
      if (stopped) return
      downUntil = 0
      if (replaying) replayAgain = true
      else void kickReplay()
      if (buffer.length > 0) void kick('due')
    },
    async stop() {
      stopped = true
      clearInterval(flushTimer)
      clearInterval(replayTimer)
      await replaying
      await this.flush()
    },
    stats: () => ({ buffered: buffer.length, ...counters }),
    async health(): Promise<PortHealth> {
      const oldest = Math.min(
        bufferTimes[0] ?? Number.POSITIVE_INFINITY,
        spillStats.oldestAt?.getTime() ?? Number.POSITIVE_INFINITY,
      )
      const backlog = buffer.length + spillStats.events
      // What the backend's keeper adds (the embedded front restarting degrades the port too).
      const extra = options.healthFields?.() ?? {}
      const own = now() < downUntil ? 'degraded' : 'ok'
      return {
        ...extra,
        status: own === 'ok' && (extra.status === 'degraded' || extra.status === 'down') ? extra.status : own,
        backlog,
        buffered: buffer.length,
        spilled: spillStats.events,
        oldestUndeliveredAgeMs: Number.isFinite(oldest) ? now() - oldest : 0,
        delivered: counters.delivered,
        rejected: counters.rejected,
        ...(lastError &&
          consecutiveFailures > 0 && { detail: `ClickHouse unreachable: ${lastError.slice(0, 200)}` }),
      }
    },
  }
}

/**
 * True when ClickHouse refused the data (it answered, and the rows are at fault), as opposed to
 * being unreachable or failing: retrying such a batch would fail forever.
 */
export function isDataError(err: unknown): boolean {
  const e = err as { type?: unknown; message?: unknown }
  if (
    typeof e?.type === 'string' &&
    /^(CANNOT_PARSE|TYPE_MISMATCH|CANNOT_CONVERT|INCORRECT_DATA|ILLEGAL_COLUMN|NO_SUCH_COLUMN|TOO_LARGE_STRING_SIZE|CANNOT_READ|UNKNOWN_IDENTIFIER|VALUE_IS_OUT_OF_RANGE|ARGUMENT_OUT_OF_BOUND)/.test(
      e.type,
    )
  )
    return true
  return (
    typeof e?.message === 'string' &&
    /Cannot parse|Type mismatch|Cannot convert|while reading the value of key|Unknown field found|INCORRECT_DATA/i.test(
      e.message,
    )
  )
}
