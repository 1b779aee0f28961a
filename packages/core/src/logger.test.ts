import { describe, expect, it } from 'vitest'
import { createLogger, createMemoryLogger } from './logger.ts'

describe('logger', () => {
  it('writes one JSON object per line with level, event, time and bindings', () => {
    const { logger, records } = createMemoryLogger()
    logger.child({ requestId: 'r1' }).info('link.created', { slug: 'summer' })
    expect(records()).toEqual([
      { time: expect.any(String), level: 'info', event: 'link.created', requestId: 'r1', slug: 'summer' },
    ])
  })

  it('drops lines below its level', () => {
    const lines: string[] = []
    const logger = createLogger({ level: 'warn', write: (l) => lines.push(l) })
    logger.info('quiet')
    logger.warn('loud')
    expect(lines).toHaveLength(1)
  })

  it('redacts secret-looking keys at any depth and credentials inside strings', () => {
    const { logger, lines } = createMemoryLogger()
    logger.error('oops', {
      apiKey: 'glam_live_123',
      headers: { authorization: 'Bearer abcdefghijkl', cookie: 'sid=1' },
      user: { email: 'lena@example.com', password: 'pw' },
      otp: '123456',
      ip: '203.0.113.9',
      note: 'dial mysql://root:hunter2@db:3306/glam with Bearer abcdefghijklmnop',
      error: new Error('failed for postgres://app:s3cret@10.0.0.1/x'),
    })
    const text = lines.join('\n')
    for (const secret of [
      'glam_live_123',
      'abcdefghijkl',
      'sid=1',
      'lena@example.com',
      '"pw"',
      '123456',
      '203.0.113.9',
      'hunter2',
      's3cret',
    ]) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('mysql://[redacted]@db:3306')
  })

  it('survives values that cannot be serialised', () => {
    const { logger, records } = createMemoryLogger()
    logger.info('odd', { big: 10n })
    expect(records()[0]).toMatchObject({ event: 'odd', note: 'fields not serialisable' })
  })
})
