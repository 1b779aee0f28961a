// The writer's batching without ClickHouse: when it sends, and what it sends.
import { createMemoryLogger, hostOf } from '@glam/core'
import { hmac } from '@noble/hashes/hmac.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js'
import { describe, expect, it } from 'vitest'
import type { EventBackend } from './backend.ts'
import { createEnricher, enrichEvent } from './enrich.ts'
import { visitorHash } from './visitor.ts'
import { createEventWriter } from './writer.ts'

const { logger } = createMemoryLogger('warn')

function recordingBackend() {
  const inserts: { table: string; rows: readonly Record<string, unknown>[] }[] = []
  const backend: EventBackend = {
    adapter: 'fake',
    database: 'glam_test',
    insert: async (table, rows) => void inserts.push({ table, rows }),
    query: async () => [],
    command: async () => undefined,
    ping: async () => true,
    close: async () => undefined,
  }
  return { backend, inserts }
}

const click = (n: number) => ({ table: 'clicks', id: `id-${n}`, time: '2026-06-01 10:00:00.000', slug: 's' })
const tick = () => new Promise((r) => setTimeout(r, 20))

describe('the events writer', () => {
  it('sends a full batch at once but keeps a partial one for the timer or a flush', async () => {
    const { backend, inserts } = recordingBackend()
    const writer = createEventWriter({ backend, logger, batchSize: 100, flushIntervalMs: 0 })
    for (let i = 0; i < 99; i++) writer.record(click(i))
    await tick()
    expect(inserts).toHaveLength(0)
    writer.record(click(99))
    await tick()
    expect(inserts.map((i) => i.rows.length)).toEqual([100])
    // Fewer than a batch after it: they wait (a busy process makes a few large inserts, not many small ones).
    for (let i = 100; i < 150; i++) writer.record(click(i))
    await tick()
    expect(inserts).toHaveLength(1)
    await writer.flush()
    expect(inserts.map((i) => i.rows.length)).toEqual([100, 50])
    expect(writer.stats()).toMatchObject({ buffered: 0, delivered: 150 })
    await writer.stop()
  })

  it('flushes a partial batch on its timer', async () => {
    const { backend, inserts } = recordingBackend()
    const writer = createEventWriter({ backend, logger, batchSize: 1_000, flushIntervalMs: 30 })
    for (let i = 0; i < 10; i++) writer.record(click(i))
    await expect.poll(() => inserts.length, { timeout: 2_000, interval: 10 }).toBe(1)
    expect(inserts[0]!.rows).toHaveLength(10)
    await writer.stop()
  })

  it('enriches a large batch a slice at a time, keeping every event and their order', async () => {
    const { backend, inserts } = recordingBackend()
    const writer = createEventWriter({ backend, logger, batchSize: 5_000, flushIntervalMs: 0 })
    for (let i = 0; i < 5_000; i++) writer.record(click(i))
    let turns = 0
    const counter = setInterval(() => turns++, 0)
    await writer.flush()
    clearInterval(counter)
    expect(inserts).toHaveLength(1)
    expect(inserts[0]!.rows.map((r) => r.id)).toEqual(Array.from({ length: 5_000 }, (_, i) => `id-${i}`))
    // Other work ran while the batch was prepared.
    expect(turns).toBeGreaterThan(0)
    await writer.stop()
  })
})

describe('click enrichment at flush', () => {
  it('keeps visitor hashes as they were: HMAC(HMAC(secret, "glam/visitor/<UTC date>"), ip \\n ua), 16 bytes', () => {
    const secret = 'visitor-secret-0123456789'
    const key = hmac(sha256, utf8ToBytes(secret), utf8ToBytes('glam/visitor/2026-11-26'))
    const expected = bytesToHex(hmac(sha256, key, utf8ToBytes('203.0.113.9\nMozilla/5.0'))).slice(0, 32)
    expect(visitorHash(secret, '2026-11-26', '203.0.113.9', 'Mozilla/5.0')).toBe(expected)
    // The next UTC day has another key; another secret too.
    expect(visitorHash(secret, '2026-11-27', '203.0.113.9', 'Mozilla/5.0')).not.toBe(expected)
    expect(visitorHash(`${secret}x`, '2026-11-26', '203.0.113.9', 'Mozilla/5.0')).not.toBe(expected)
    // At flush: from the click's own time, and the address is gone from the row.
    const row = createEnricher({ visitorSecret: secret })({
      table: 'clicks',
      id: 'v',
      time: '2026-11-26 23:59:59.999',
      client_ip: '203.0.113.9',
      user_agent: 'Mozilla/5.0',
    })
    expect(row.visitor_hash).toBe(expected)
    expect(row).not.toHaveProperty('client_ip')
    expect(JSON.stringify(row)).not.toContain('203.0.113.9')
    // Without a secret the address is dropped all the same.
    const unkeyed = enrichEvent({ table: 'clicks', id: 'w', client_ip: '203.0.113.9' })
    expect(unkeyed).toMatchObject({ visitor_hash: '' })
    expect(unkeyed).not.toHaveProperty('client_ip')
  })

  it('keeps the referrer host only, and an empty one for no or a malformed referrer', () => {
    expect(hostOf('https://l.instagram.com/?u=https%3A%2F%2Fglam.example')).toBe('l.instagram.com')
    expect(hostOf('')).toBe('')
    expect(hostOf('not a url')).toBe('')
    const row = enrichEvent({
      table: 'clicks',
      id: 'x',
      referrer: 'https://www.tiktok.com/@lena/video/1?secret=1',
      user_agent:
        'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Instagram 300.0',
    })
    expect(row).toMatchObject({ referrer_host: 'www.tiktok.com', device: 'mobile', os: 'iOS' })
    expect(row).not.toHaveProperty('referrer')
    expect(row).not.toHaveProperty('table')
    expect(enrichEvent({ table: 'clicks', id: 'y', referrer: 'javascript:alert(1)' })).toMatchObject({
      referrer_host: '',
    })
  })
})
