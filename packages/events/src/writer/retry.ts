/**
 * Delivery of a batch: insert it, isolating rows ClickHouse refuses as malformed; when
 * ClickHouse fails, back off (exponentially, capped) and put the batch in the durable spill
 * until it answers again.
 */
import type { EventWriterOptions, WriterCounters } from './types.ts'

export interface Delivery {
  /**
   * Inserts the rows, or spills them while ClickHouse is backed off (or fails now). False when
   * neither took them (no spill); a failing spill throws.
   */
  sendOrSpill(table: string, rows: Record<string, unknown>[], oldestAt: number): Promise<boolean>
  /** Inserts the rows, rejecting malformed ones; returns how many were delivered. Throws when ClickHouse fails. */
  insertIsolating(table: string, rows: Record<string, unknown>[]): Promise<number>
  markUp(): void
  markDown(err: unknown): void
  /** Within the backoff after a failure. */
  isDown(): boolean
  /** Ends the backoff (ClickHouse answers again). */
  endBackoff(): void
  /** The last failure's message while ClickHouse keeps failing. */
  failure(): string | undefined
  /** The spill's backlog as last known. */
  spilled(): { events: number; oldestAt: Date | null }
  /** Reads the spill's backlog again (throws when the spill fails). */
  refreshSpilled(): Promise<void>
}

export function createDelivery(options: EventWriterOptions, counters: WriterCounters): Delivery {
  const { backend, logger, spill } = options
  const retryBase = options.retryBaseMs ?? 250
  const retryMax = options.retryMaxMs ?? 10_000
  const now = options.now ?? Date.now
  let downUntil = 0
  let consecutiveFailures = 0
  let lastError: string | undefined
  let spillStats: { events: number; oldestAt: Date | null } = { events: 0, oldestAt: null }

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

  if (spill?.stats) {
    void spill.stats().then(
      (s) => (spillStats = s),
      () => undefined,
    )
  }

  return {
    sendOrSpill,
    insertIsolating,
    markUp,
    markDown,
    isDown: () => now() < downUntil,
    endBackoff() {
      downUntil = 0
    },
    failure: () => (consecutiveFailures > 0 ? lastError : undefined),
    spilled: () => spillStats,
    async refreshSpilled() {
      if (spill?.stats) spillStats = await spill.stats()
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
