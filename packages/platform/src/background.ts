import type { Logger } from '@glam/core'

/** Tracks work that outlives its response, so shutdown can wait for it. */
export function createBackgroundTracker(logger: Logger) {
  const pending = new Set<Promise<unknown>>()
  const run = (work: Promise<unknown>) => {
    const tracked = work
      .catch((error) => logger.error('background.failed', { error }))
      .finally(() => pending.delete(tracked))
    pending.add(tracked)
  }
  /** Resolves true when all work finished, false if the deadline came first. */
  const drain = async (timeoutMs: number): Promise<boolean> => {
    const deadline = Date.now() + timeoutMs
    while (pending.size > 0) {
      const left = deadline - Date.now()
      if (left <= 0) return false
      let timer: ReturnType<typeof setTimeout> | undefined
      await Promise.race([
        Promise.allSettled([...pending]),
        new Promise((r) => (timer = setTimeout(r, left))),
      ])
      clearTimeout(timer)
    }
    return true
  }
  return {
    run,
    drain,
    get size() {
      return pending.size
    },
  }
}
