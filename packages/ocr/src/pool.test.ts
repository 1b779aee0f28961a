// The warm tesseract.js pool: models from disk (none downloaded), a bounded queue that refuses at
// once with a Retry-After, a job over its budget failing while its worker is replaced, a missing
// German model said plainly, and bytes that are no image refused before a worker sees them.
import { readFile } from 'node:fs/promises'
import type { TextRecognizer } from '@glam/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTesseractPool } from './pool.ts'

const fixture = (name: string) => readFile(new URL(`../fixtures/story-insights/${name}`, import.meta.url))

describe('the tesseract.js pool', () => {
  let pool: TextRecognizer
  let screen: Buffer
  beforeAll(async () => {
    pool = createTesseractPool({ workers: 1, maxQueue: 1 })
    screen = await fixture('en-01-light-basic.png')
    await pool.warm()
  })
  afterAll(() => pool.close())

  it('holds English and German in memory once warm, and says so in its health', async () => {
    expect(pool.languages()).toEqual({ loaded: ['eng', 'deu'], missing: [] })
    expect(await pool.health!()).toMatchObject({
      status: 'ok',
      workers: 1,
      detail: expect.stringMatching(/1 worker warm \(eng\+deu\)/),
    })
  })

  it('reads words with their boxes in the prepared image', async () => {
    const page = await pool.recognize(screen, { psm: 4, prepare: { width: 1080 } })
    expect(page.width).toBe(1080)
    const forward = page.lines.flatMap((l) => l.words).find((w) => w.text === 'Forward')
    expect(forward?.bbox.x0).toBeLessThan(200)
    expect(page.text).toMatch(/7,944/)
  })

  it('refuses a job at once when the worker is busy and the queue is full, with a Retry-After', async () => {
    const running = pool.recognize(screen, { psm: 4 })
    const queued = pool.recognize(screen, { psm: 4 })
    await expect.poll(() => pool.load()).toMatchObject({ running: 1, queued: 1 }) // both past preparation
    const refused = await pool
      .recognize(screen, { psm: 4 })
      .catch((e: Error & { retryAfterSeconds?: number }) => e)
    expect(refused).toMatchObject({ name: 'OcrBusyError', retryAfterSeconds: expect.any(Number) })
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1)
    await Promise.all([running, queued])
    expect(pool.load()).toMatchObject({ running: 0, queued: 0, workers: 1 })
  })

  it('lets a caller abandon a job that waits, without losing the worker', async () => {
    const running = pool.recognize(screen, { psm: 4 })
    const controller = new AbortController()
    const waiting = pool.recognize(screen, { psm: 4, signal: controller.signal }).catch((e: Error) => e)
    await expect.poll(() => pool.load()).toMatchObject({ running: 1, queued: 1 })
    controller.abort()
    expect(await waiting).toMatchObject({ name: 'OcrTimeoutError' })
    await running
    expect(pool.load()).toMatchObject({ queued: 0, workers: 1 })
  })

  it('refuses bytes that are no image before a worker sees them', async () => {
    await expect(pool.recognize(new TextEncoder().encode('not an image'))).rejects.toMatchObject({
      name: 'OcrInputError',
    })
  })
})

describe('a pool whose job runs over its budget', () => {
  it('fails the job, replaces the worker, and reads the next one', async () => {
    const pool = createTesseractPool({ workers: 1, timeoutMs: 30 })
    try {
      const screen = await fixture('de-01-dark-basic.png')
      await expect(pool.recognize(screen, { psm: 4 })).rejects.toMatchObject({ name: 'OcrTimeoutError' })
      await expect.poll(() => pool.load().workers, { timeout: 20_000 }).toBe(1)
      expect(await pool.health!()).toMatchObject({ status: 'ok' })
    } finally {
      await pool.close()
    }
  })
})

describe('a pool without the German model', () => {
  it('reads with English, and says in its health and languages which file is missing', async () => {
    const missing = '/nonexistent/tessdata/deu.traineddata'
    const pool = createTesseractPool({ workers: 1, models: { deu: missing } })
    try {
      await pool.warm()
      expect(pool.languages()).toEqual({ loaded: ['eng'], missing: [{ language: 'deu', path: missing }] })
      const health = await pool.health!()
      expect(health.status).toBe('degraded')
      expect(health.detail).toContain(missing)
      expect(health.detail).toContain('tesseract-ocr-deu')
      const page = await pool.recognize(await fixture('en-06-dark-few.png'), { psm: 4 })
      expect(page.lines.length).toBeGreaterThan(3)
    } finally {
      await pool.close()
    }
  })
})
