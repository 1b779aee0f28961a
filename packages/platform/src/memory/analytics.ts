import { type Analytics, GlamError } from '@glam/core'

/** Where events are not in ClickHouse (GLAM_EVENTS=memory): every analytics query answers 503. */
export function createNoAnalytics(): Analytics {
  return {
    adapter: 'none',
    database: 'none',
    async query() {
      throw new GlamError('SERVICE_UNAVAILABLE', 'Analytics are not configured (GLAM_EVENTS=memory).')
    },
  }
}
