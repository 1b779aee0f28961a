/**
 * The batched events writer: `record()` appends to memory on the request path (no awaiting,
 * no parsing, no I/O); batches go to ClickHouse by size and by time. When ClickHouse is down
 * or slow, batches go to a durable spill (the SQL database on Node) and are replayed when it
 * answers again. Delivery is at least once; reports count each event id once (schema.ts).
 *
 * Its parts: writer/buffer.ts (batching, flush triggers, the memory cap), writer/retry.ts
 * (inserts, rejected rows, backoff, spilling), writer/replay.ts (the spill back to ClickHouse);
 * here they are put together behind one `EventWriter`.
 */
import type { PortHealth } from '@glam/core'
import { createEventBuffer } from './writer/buffer.ts'
import { createReplayer } from './writer/replay.ts'
import { createDelivery } from './writer/retry.ts'
import type { EventWriter, EventWriterOptions, WriterCounters } from './writer/types.ts'

export { isDataError } from './writer/retry.ts'
export type { EventWriter, EventWriterOptions, SpillStore } from './writer/types.ts'

export function createEventWriter(options: EventWriterOptions): EventWriter {
  const { backend, spill } = options
  const now = options.now ?? Date.now
  const counters: WriterCounters = {
    delivered: 0,
    spilled: 0,
    replayed: 0,
    dropped: 0,
    rejected: 0,
    failures: 0,
  }
  let stopped = false
  const delivery = createDelivery(options, counters)
  const buffer = createEventBuffer(options, counters, delivery.sendOrSpill)
  const replayer = createReplayer(options, counters, delivery, () => stopped)

  return {
    backend,
    adapter: `${backend.adapter}+writer${spill ? '+spill' : ''}`,
    record: buffer.record,
    flush: buffer.flush,
    retryNow() {
      if (stopped) return
      delivery.endBackoff()
      replayer.retryNow()
      if (buffer.size() > 0) void buffer.kick('due')
    },
    async stop() {
      stopped = true
      buffer.stopTimer()
      replayer.stopTimer()
      await replayer.current()
      await this.flush()
    },
    stats: () => ({ buffered: buffer.size(), ...counters }),
    async health(): Promise<PortHealth> {
      const spilled = delivery.spilled()
      const oldest = Math.min(
        buffer.oldestAt() ?? Number.POSITIVE_INFINITY,
        spilled.oldestAt?.getTime() ?? Number.POSITIVE_INFINITY,
      )
      const backlog = buffer.size() + spilled.events
      // What the backend's keeper adds (the embedded front restarting degrades the port too).
      const extra = options.healthFields?.() ?? {}
      const own = delivery.isDown() ? 'degraded' : 'ok'
      const failure = delivery.failure()
      return {
        ...extra,
        status: own === 'ok' && (extra.status === 'degraded' || extra.status === 'down') ? extra.status : own,
        backlog,
        buffered: buffer.size(),
        spilled: spilled.events,
        oldestUndeliveredAgeMs: Number.isFinite(oldest) ? now() - oldest : 0,
        delivered: counters.delivered,
        rejected: counters.rejected,
        ...(failure && { detail: `ClickHouse unreachable: ${failure.slice(0, 200)}` }),
      }
    },
  }
}
