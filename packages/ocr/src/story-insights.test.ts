// The story-insight reader on the committed test set (40 screenshots: English and German, light
// and dark, abbreviated values, missing rows, JPEG artefacts, blur, 750 px, notifications, counts
// under the icons): every metric and the date read right, with the real tesseract.js pool.
import { readFile } from 'node:fs/promises'
import type { TextRecognizer } from '@glam/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTesseractPool } from './pool.ts'
import { NotStoryInsightsError, readStoryInsights } from './story-insights.ts'
import { renderScreen, screenFileName, screenTruth, storyInsightCases } from './testing/screens.ts'

const fixture = (name: string) => readFile(new URL(`../fixtures/story-insights/${name}`, import.meta.url))

describe('reading story-insight screenshots', () => {
  let pool: TextRecognizer
  beforeAll(async () => {
    pool = createTesseractPool({ workers: 2, maxQueue: 64 })
    await pool.warm()
  })
  afterAll(() => pool.close())

  it.concurrent.each(storyInsightCases().map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const truth = screenTruth(c)
    const uploadedAt = new Date(c.date.uploadedAt ?? `${c.date.uploadYear}-12-31T23:59`)
    const result = await readStoryInsights(pool, await fixture(screenFileName(c)), { uploadedAt })
    const got = Object.fromEntries(
      Object.entries(result.metrics).map(([k, m]) => [k, { value: m.value, approximate: m.approximate }]),
    )
    const want = Object.fromEntries(
      Object.entries(truth.metrics).map(([k, m]) => [k, { value: m.value, approximate: m.approximate }]),
    )
    expect(got).toEqual(want)
    expect(result.date).toBe(truth.date)
    expect(result.locale).toBe(c.locale)
    for (const m of Object.values(result.metrics)) {
      expect(m.confidence).toBeGreaterThan(0)
      expect(m.confidence).toBeLessThanOrEqual(1)
    }
  })

  it('refuses an image that is no story-insights screen', async () => {
    const photo = await readFile(new URL('../../assets/demo/pink-clay-mask.jpg', import.meta.url))
    await expect(readStoryInsights(pool, photo, { uploadedAt: new Date() })).rejects.toBeInstanceOf(
      NotStoryInsightsError,
    )
  })

  it('reads a screenshot the generator renders now the same as the committed one', async () => {
    const [first] = storyInsightCases()
    const result = await readStoryInsights(pool, await renderScreen(first!), {
      uploadedAt: new Date(first!.date.uploadedAt!),
    })
    expect(result.metrics).toEqual(
      (
        await readStoryInsights(pool, await fixture(screenFileName(first!)), {
          uploadedAt: new Date(first!.date.uploadedAt!),
        })
      ).metrics,
    )
  })
})
