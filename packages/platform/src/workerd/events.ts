/**
 * Events on the edge: the same batched writer, flushed after each request through waitUntil,
 * with a Cloudflare Queue as its durable spill. The queue's consumer (the worker's `queue()`
 * handler) delivers spilled batches to ClickHouse and retries them while it is away.
 */
import type { EventSink, Logger } from '@glam/core'
import type { EventBackend } from '@glam/events/backend'
import { createClickHouseWebBackendSync } from '@glam/events/clickhouse-web'
import { createEventWriter, type EventWriter, isDataError } from '@glam/events/writer'

/** The part of a Queue producer binding used here. */
export interface QueueLike {
  send(body: unknown, options?: { contentType?: 'json' }): Promise<void>
}

export interface SpilledMessage {
  table: string
  rows: Record<string, unknown>[]
  oldestAt: string
}

export interface EdgeEventsBindings {
  CLICKHOUSE_URL?: string
  CLICKHOUSE_DATABASE?: string
  CLICKHOUSE_USER?: string
  CLICKHOUSE_PASSWORD?: string
  EVENTS_QUEUE?: QueueLike
}

export function createEdgeBackend(env: EdgeEventsBindings): EventBackend | undefined {
  if (!env.CLICKHOUSE_URL) return undefined
  return createClickHouseWebBackendSync({
    url: env.CLICKHOUSE_URL,
    database: env.CLICKHOUSE_DATABASE ?? 'glam',
    ...(env.CLICKHOUSE_USER && { username: env.CLICKHOUSE_USER }),
    ...(env.CLICKHOUSE_PASSWORD && { password: env.CLICKHOUSE_PASSWORD }),
    requestTimeoutMs: 5_000,
  })
}

export function createEdgeEvents(
  backend: EventBackend,
  queue: QueueLike | undefined,
  logger: Logger,
  visitorSecret?: string,
): EventWriter & EventSink {
  return createEventWriter({
    backend,
    logger,
    ...(visitorSecret && { visitorSecret }),
    flushIntervalMs: 0,
    batchSize: 1_000,
    // Timers belong to the request that set them; the writer serves every request of the isolate.
    yieldEvery: 0,
    ...(queue && {
      spill: {
        // A batch of up to 1,000 rows stays well under a queue message's 128 KB for clicks; larger
        // batches are split so each message fits.
        async put(table: string, rows: Record<string, unknown>[], oldestAt: Date) {
          for (let i = 0; i < rows.length; i += 200) {
            const body: SpilledMessage = {
              table,
              rows: rows.slice(i, i + 200),
              oldestAt: oldestAt.toISOString(),
            }
            await queue.send(body, { contentType: 'json' })
          }
        },
      },
    }),
  })
}

/** The part of a queue batch the consumer uses. */
export interface QueueBatchLike {
  messages: readonly {
    body: unknown
    ack(): void
    retry(options?: { delaySeconds?: number }): void
    attempts?: number
  }[]
}

/** Delivers spilled batches; a failure leaves the message for a later retry (at least once). */
export async function consumeSpilledEvents(
  batch: QueueBatchLike,
  backend: EventBackend | undefined,
  logger: Logger,
) {
  for (const message of batch.messages) {
    const body = message.body as SpilledMessage
    if (!backend) {
      message.retry({ delaySeconds: 30 })
      continue
    }
    try {
      await backend.insert(body.table, body.rows)
      message.ack()
    } catch (error) {
      if (isDataError(error)) {
        // ClickHouse refuses these rows themselves: retrying would never succeed. Keep the rest.
        const kept = await deliverGood(backend, body, logger)
        logger.error('events.queue_rejected', { table: body.table, rows: body.rows.length, delivered: kept })
        message.ack()
        continue
      }
      logger.warn('events.queue_retry', {
        table: body.table,
        rows: body.rows.length,
        attempts: message.attempts,
        error,
      })
      message.retry({ delaySeconds: Math.min(60, 2 ** Math.min(message.attempts ?? 1, 6)) })
    }
  }
}

/** Inserts the rows of a refused batch one by one, skipping those ClickHouse refuses. */
async function deliverGood(backend: EventBackend, body: SpilledMessage, logger: Logger): Promise<number> {
  let delivered = 0
  for (const row of body.rows) {
    try {
      await backend.insert(body.table, [row])
      delivered++
    } catch (error) {
      if (!isDataError(error)) throw error
      logger.error('events.rejected', { table: body.table, id: String(row.id ?? '') })
    }
  }
  return delivered
}
