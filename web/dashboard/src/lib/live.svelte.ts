/**
 * Live mode: while on and the tab is visible, `tick` moves every 10 s and the current view,
 * which reads it, loads again; a hidden tab stops the timer, showing it again refreshes once.
 */
export const liveInterval = 10_000

class Live {
  on = $state(false)
  tick = $state(0)
  /** Requests of the views in flight: a tick waits for them (a slow report is not cancelled). */
  busy = 0
  #timer: ReturnType<typeof setInterval> | undefined

  constructor() {
    document.addEventListener('visibilitychange', () => this.#schedule(true))
  }

  toggle(on = !this.on) {
    this.on = on
    this.#schedule(false)
  }

  #schedule(changedVisibility: boolean) {
    clearInterval(this.#timer)
    this.#timer = undefined
    if (!this.on || document.visibilityState !== 'visible') return
    if (changedVisibility) this.tick++
    this.#timer = setInterval(() => {
      if (document.visibilityState === 'visible' && this.busy === 0) this.tick++
    }, liveInterval)
  }
}

export const live = new Live()
