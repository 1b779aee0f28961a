// The search port from configuration: an index whose schema fails to open closes what it opened
// (a file's connection and writer thread), answers the error, and opens afresh on the next call.
import type { Config, Logger } from '@glam/core'
import type { SqlExecutor } from '@glam/search/fts5'
import { describe, expect, it } from 'vitest'
import { createSearchFromConfig } from './platform.ts'

const logger = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger } as unknown as Logger
const config = { searchEngine: 'fts5', searchUrl: 'file:.data/never.db' } as Config

describe('search from configuration', () => {
  it('closes a connection whose schema failed, and tries again on the next call', async () => {
    let opened = 0
    let closed = 0
    const broken = async (): Promise<SqlExecutor> => {
      opened++
      const fail = async () => {
        throw Object.assign(new Error('database disk image is malformed'), { code: 'SQLITE_CORRUPT' })
      }
      return {
        adapter: 'fts5-libsql',
        query: fail,
        batch: fail,
        close: async () => {
          closed++
        },
      }
    }
    const search = createSearchFromConfig(config, logger, { libsql: broken })!
    await expect(search.stats()).rejects.toThrow(/malformed/)
    expect(await search.health!()).toMatchObject({
      status: 'down',
      detail: expect.stringMatching(/malformed/),
    })
    expect({ opened, closed }).toEqual({ opened: 2, closed: 2 })
  })
})
