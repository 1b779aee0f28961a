import type { Database } from '@glam/core'

/** Placeholder until a SQL database is configured: says plainly that nothing is stored. */
export function createNoDatabase(): Database {
  return {
    adapter: 'none',
    dialect: 'none',
    async health() {
      return { status: 'degraded', detail: 'no SQL database configured' }
    },
  }
}
