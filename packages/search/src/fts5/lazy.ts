/**
 * A search engine that is made on first use (opening a database and its schema is async, the
 * platform is built synchronously). A failure to open is logged once per attempt and answered
 * as the error; the next call tries again.
 */
import type { PortHealth, SearchEngine } from '@glam/core'

export function lazySearch(adapter: string, open: () => Promise<SearchEngine>): SearchEngine {
  let engine: Promise<SearchEngine> | undefined
  const get = () => {
    engine ??= open().catch((error) => {
      engine = undefined
      throw error
    })
    return engine
  }
  return {
    adapter,
    upsert: async (docs) => (await get()).upsert(docs),
    remove: async (ids) => (await get()).remove(ids),
    search: async (q) => (await get()).search(q),
    facetValues: async (q) => (await get()).facetValues(q),
    suggest: async (q) => (await get()).suggest(q),
    stats: async () => (await get()).stats(),
    setWatermark: async (ms) => (await get()).setWatermark(ms),
    entries: async (after, limit) => (await get()).entries(after, limit),
    clear: async () => (await get()).clear(),
    async health(): Promise<PortHealth> {
      try {
        const e = await get()
        return (await e.health?.()) ?? { status: 'ok' }
      } catch (error) {
        return { status: 'down', detail: error instanceof Error ? error.message : String(error) }
      }
    },
    async close() {
      if (!engine) return
      const e = await engine.catch(() => undefined)
      await e?.close?.()
    },
  }
}
