/**
 * Data for a view: `job` reads the reactive filters and returns the request to make; it runs
 * again when they change or live mode ticks. The previous answer stays on screen meanwhile.
 * Create it while a component initialises.
 */
import { tick } from 'svelte'
import { GraphqlError, gql, redirecting } from './graphql.ts'
import { live } from './live.svelte.ts'

/**
 * `glam:first-data`: a performance mark once the page's first answer is on screen (after
 * Svelte applied it to the DOM), for real-user timing and the benchmark.
 */
let marked = false
const markFirstData = () => {
  if (marked) return
  marked = true
  void tick().then(() => performance.mark('glam:first-data'))
}

export class Loader<T> {
  data = $state<T | null>(null)
  error = $state<string | null>(null)
  loading = $state(false)
  #retry = $state(0)

  constructor(job: () => ((signal: AbortSignal) => Promise<T>) | null) {
    $effect(() => {
      void live.tick
      void this.#retry
      const request = job()
      if (!request) return
      const ac = new AbortController()
      this.loading = true
      live.busy++
      let settled = false
      const settle = () => {
        if (!settled) live.busy--
        settled = true
      }
      request(ac.signal).then(
        (data) => {
          settle()
          if (ac.signal.aborted) return
          this.data = data
          this.error = null
          this.loading = false
          markFirstData()
        },
        (err: Error) => {
          settle()
          if (ac.signal.aborted || (err instanceof GraphqlError && err.code === redirecting)) return
          this.error = err.message
          this.loading = false
        },
      )
      return () => {
        settle()
        ac.abort()
      }
    })
  }

  retry = () => {
    this.#retry++
  }
}

/** A campaign's name for headings and captions (null when the caller may not see it). */
export function campaignName(id: () => string) {
  return new Loader<{ campaign: { id: string; name: string } | null }>(() => {
    const variables = { id: id() }
    return (signal) => gql('DashboardCampaign', variables, signal)
  })
}
