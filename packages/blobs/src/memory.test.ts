import { describe, expect, it } from 'vitest'
import { blobStoreContract, pattern } from './contract.ts'
import { compareKeys } from './keys.ts'
import { createMemoryBlobStore } from './memory.ts'

blobStoreContract('memory', async () => ({ store: createMemoryBlobStore(), close: async () => {} }))

describe('memory adapter', () => {
  it('says it loses everything on restart, and counts what it holds', async () => {
    const store = createMemoryBlobStore()
    await store.put('a', pattern(10, 1))
    await store.put('b', pattern(5, 1))
    await store.put('a', pattern(3, 1))
    expect(await store.health!()).toEqual({
      status: 'ok',
      detail: 'in memory, lost on restart',
      objects: 2,
      bytes: 8,
    })
  })
})

describe('compareKeys', () => {
  it('orders as UTF-8 bytes do', () => {
    const keys = [
      '\u{1F600}',
      '\uFF5E',
      'z',
      'a/b',
      'a-b',
      'a',
      '',
      'é',
      '\uE000',
      '\u{10FFFF}',
      'a\u{1F600}',
      'a\uFFFF',
    ]
    const bytes = (s: string) => Buffer.from(s, 'utf8')
    expect([...keys].sort(compareKeys)).toEqual([...keys].sort((x, y) => Buffer.compare(bytes(x), bytes(y))))
  })
})
