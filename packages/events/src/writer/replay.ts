/**
 * Replaying the spill: once ClickHouse answers again (the replay timer, or `retryNow()`), the
 * oldest spilled batches are delivered and removed, ten at a time, until the spill is empty or
 * ClickHouse fails again. Only for a spill that can be read back (SQL); a queue's consumer
 * delivers its own.
 */
import type { Delivery } from './retry.ts'
import type { EventWriterOptions, WriterCounters } from './types.ts'

export interface Replayer {
  /** Replays now, or once more after the replay under way (which may be against a dead server). */
  retryNow(): void
  /** The replay under way, if any. */
  current(): Promise<void> | undefined
  /** Ends the replay timer. */
  stopTimer(): void
}

export function createReplayer(
  options: EventWriterOptions,
  counters: WriterCounters,
  delivery: Delivery,
  stopped: () => boolean,
): Replayer {
  const { logger, spill } = options
  let replaying: Promise<void> | undefined
  let replayAgain = false

  async function replay(): Promise<void> {
    if (!spill?.oldest || !spill.removeOne || delivery.isDown()) return
    for (;;) {
      const batches = await spill.oldest(10)
      if (batches.length === 0) break
      for (const batch of batches) {
        let delivered: number
        try {
          delivered = await delivery.insertIsolating(batch.eventTable, batch.payload)
          delivery.markUp()
        } catch (err) {
          delivery.markDown(err)
          return
        }
        await spill.removeOne(batch.id)
        counters.replayed += delivered
      }
      if (stopped()) break
    }
    await delivery.refreshSpilled()
  }
  const kickReplay = (): Promise<void> => {
    replaying ??= replay()
      .catch((error) => logger.error('events.replay_failed', { error }))
      .finally(() => {
        replaying = undefined
        // retryNow() came while a replay (perhaps against the old, dead server) was under way.
        if (replayAgain && !stopped()) {
          replayAgain = false
          void kickReplay()
        }
      })
    return replaying
  }

  const replayTimer =
    (options.flushIntervalMs ?? 1_000) > 0 && spill?.oldest
      ? setInterval(() => void kickReplay(), options.replayIntervalMs ?? 2_000)
      : undefined
  ;(replayTimer as { unref?: () => void } | undefined)?.unref?.()

  return {
    retryNow() {
      if (replaying) replayAgain = true
      else void kickReplay()
    },
    current: () => replaying,
    stopTimer: () => clearInterval(replayTimer),
  }
}
