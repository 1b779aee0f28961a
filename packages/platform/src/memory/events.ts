import type { AnalyticsEvent, EventSink } from '@glam/core'

/** Keeps events in memory: nothing reaches analytics. For tests until an events backend is configured. */
export function createMemoryEventSink(options: { max?: number } = {}) {
  const max = options.max ?? 100_000
  const events: AnalyticsEvent[] = []
  const sink: EventSink & { events: readonly AnalyticsEvent[] } = {
    adapter: 'memory',
    events,
    record(event) {
      events.push(event)
      // Drop the oldest half at once: shifting one by one is O(n) per event at the cap.
      if (events.length > max) events.splice(0, events.length - Math.floor(max / 2))
    },
    async flush() {},
    async health() {
      return { status: 'ok', buffered: events.length, detail: 'in memory: events are not persisted' }
    },
  }
  return sink
}
