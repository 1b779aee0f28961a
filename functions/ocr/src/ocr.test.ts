// /api/ocr/story-insights on the whole app (SQLite, the real tesseract.js pool with one worker):
// the three ways to send a screenshot, the reading stored with its asset, caller and references,
// who may read and list it, and bad input in the house error shape without a reading or an asset
// left behind.
import { readFile } from 'node:fs/promises'
import { demo } from '@glam/db'
import { createTesseractPool } from '@glam/ocr/pool'
import { createTestAppWithDatabase, demoTokens } from '@glam/testing/platform'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked by the assertions
type Json = Record<string, any>

/** The answer was the house error shape with this status and code. */
async function expectError(answer: Promise<{ status: number; body: Json }>, status: number, code: string) {
  const { status: got, body } = await answer
  expect({ status: got, code: body.error?.code }).toEqual({ status, code })
  expect(body.error.message).toEqual(expect.any(String))
}

const fixture = async (name: string) =>
  new Uint8Array(
    await readFile(new URL(`../../../packages/ocr/fixtures/story-insights/${name}`, import.meta.url)),
  )

describe('story insights over HTTP', () => {
  const pool = createTesseractPool({ workers: 1, maxQueue: 0 })
  let t: Awaited<ReturnType<typeof createTestAppWithDatabase>>
  let tokens: Record<'admin' | 'staff' | 'client' | 'influencer', string>
  let english: Uint8Array<ArrayBuffer>
  let german: Uint8Array<ArrayBuffer>

  const send = async (path: string, token: string | undefined, init: RequestInit = {}) => {
    const res = await t.app.request(path, {
      method: 'POST',
      ...init,
      headers: {
        ...(token && { authorization: `Bearer ${token}` }),
        ...(init.headers as Record<string, string>),
      },
    })
    return { res, status: res.status, body: (await res.json()) as Json }
  }
  const form = (file: Uint8Array<ArrayBuffer>, fields: Record<string, string> = {}, name = 'story.png') => {
    const data = new FormData()
    for (const [k, v] of Object.entries(fields)) data.append(k, v)
    data.append('file', new Blob([file], { type: 'image/png' }), name)
    return data
  }
  const readings = async () => (await t.repos.storyInsights.list({ limit: 100 })).items.length
  const assets = async () => (await t.repos.assets.list({ limit: 100 })).items.length

  beforeAll(async () => {
    t = await createTestAppWithDatabase({ overrides: { ocr: pool } })
    tokens = await demoTokens(t, ['admin', 'staff', 'client', 'influencer'])
    english = await fixture('en-01-light-basic.png')
    german = await fixture('de-03-dark-abbrev-m.png')
    await pool.warm()
  })
  afterAll(() => pool.close())

  it('reads an influencer’s multipart upload, stores it with its asset, and shows it again by id', async () => {
    const { status, body, res } = await send('/api/ocr/story-insights', tokens.influencer, {
      body: form(english, { link: demo.lenaLinkId }),
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      locale: 'en',
      date: '2023-06-11T23:27',
      influencer: demo.lenaId,
      campaign: demo.campaignId,
      link: demo.lenaLinkId,
      metrics: {
        impressions: { value: 12214, approximate: false, text: '12,214', confidence: expect.any(Number) },
        forward: { value: 7944, approximate: false },
        exited: { value: 864 },
      },
      rawText: expect.stringContaining('Navigation'),
      durationMs: expect.any(Number),
    })
    expect(Object.keys(body.metrics).sort()).toEqual(
      [
        'back',
        'exited',
        'follows',
        'forward',
        'impressions',
        'next_story',
        'profile_activity',
        'sticker_taps',
      ].sort(),
    )
    expect(res.headers.get('location')).toBe(`/api/ocr/story-insights/${body.id}`)
    const asset = await t.repos.assets.get(body.asset)
    expect(asset).toMatchObject({ type: 'story-insight', visibility: 'private', influencerId: demo.lenaId })
    const again = await t.app.request(`/api/ocr/story-insights/${body.id}`, {
      headers: { authorization: `Bearer ${tokens.influencer}` },
    })
    expect(again.status).toBe(200)
    expect(await again.json()).toEqual(body)
  })

  it('reads a raw German body for a named influencer (staff), with abbreviated values', async () => {
    const { status, body } = await send(
      `/api/ocr/story-insights?influencer=${demo.miaId}&campaign=${demo.campaignId}`,
      tokens.staff,
      {
        headers: { 'content-type': 'image/png' },
        body: german,
      },
    )
    expect(status).toBe(200)
    expect(body).toMatchObject({
      locale: 'de',
      date: '2024-12-09T17:45',
      influencer: demo.miaId,
      campaign: demo.campaignId,
      metrics: {
        profile_activity: { value: 47100, approximate: true, text: '47,1 Tsd.' },
        forward: { value: 1_000_000, approximate: true },
        link_clicks: { value: 554, approximate: false },
        follows: { value: 8043, approximate: false, text: '8.043' },
      },
    })
  })

  it('reads an asset uploaded before, taking the year of its upload', async () => {
    const uploaded = await t.app.request('/api/assets?type=story-insight&name=later.png', {
      method: 'POST',
      headers: { authorization: `Bearer ${tokens.influencer}`, 'content-type': 'image/png' },
      body: await fixture('en-14-dark-year-rollback.png'),
    })
    expect(uploaded.status).toBe(201)
    const asset = (await uploaded.json()) as Json
    const before = await assets()
    const { status, body } = await send('/api/ocr/story-insights', tokens.influencer, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ asset: asset.id }),
    })
    expect(status).toBe(200)
    expect(body.asset).toBe(asset.id)
    // The clock of the test platform says 2026: a date shown without a year is in 2026 (or 2025).
    expect(body.date).toMatch(/^202[56]-/)
    expect(await assets()).toBe(before) // no second copy
  })

  it('lists readings per influencer; an influencer sees only its own, a client none of another customer', async () => {
    const list = async (token: string, query = '') => {
      const res = await t.app.request(`/api/ocr/story-insights${query}`, {
        headers: { authorization: `Bearer ${token}` },
      })
      return { status: res.status, body: (await res.json()) as Json }
    }
    const staff = await list(tokens.staff, `?influencer=${demo.miaId}`)
    expect(staff.status).toBe(200)
    expect(staff.body.items.map((r: Json) => r.influencer)).toEqual([demo.miaId])
    const own = await list(tokens.influencer)
    expect(own.body.items.length).toBeGreaterThanOrEqual(2)
    expect(own.body.items.every((r: Json) => r.influencer === demo.lenaId)).toBe(true)
    await expectError(list(tokens.influencer, `?influencer=${demo.miaId}`), 403, 'FORBIDDEN')
    const mia = staff.body.items[0]
    const hidden = await t.app.request(`/api/ocr/story-insights/${mia.id}`, {
      headers: { authorization: `Bearer ${tokens.influencer}` },
    })
    expect(hidden.status).toBe(404)
  })

  it('answers 422 NOT_STORY_INSIGHTS for another kind of image, and keeps neither a reading nor an asset', async () => {
    const [r, a] = [await readings(), await assets()]
    const photo = new Uint8Array(
      await readFile(new URL('../../../packages/assets/demo/pink-clay-mask.jpg', import.meta.url)),
    )
    const { status, body } = await send('/api/ocr/story-insights', tokens.influencer, {
      headers: { 'content-type': 'image/jpeg' },
      body: photo,
    })
    expect(status).toBe(422)
    expect(body.error).toMatchObject({ code: 'NOT_STORY_INSIGHTS', message: expect.any(String) })
    expect([await readings(), await assets()]).toEqual([r, a])
  })

  it('refuses bad input in the house shape, before any OCR', async () => {
    const [r, a] = [await readings(), await assets()]
    const bad = (init: RequestInit, token = tokens.influencer) => send('/api/ocr/story-insights', token, init)
    await expectError(
      bad({ headers: { 'content-type': 'image/png' }, body: 'not a png' }),
      422,
      'UNREADABLE_IMAGE',
    )
    await expectError(
      bad({ headers: { 'content-type': 'text/plain' }, body: 'hello' }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    )
    await expectError(
      bad({ headers: { 'content-type': 'application/json' }, body: JSON.stringify({ asset: 'nope' }) }),
      404,
      'NOT_FOUND',
    )
    await expectError(
      bad({ headers: { 'content-type': 'application/json' }, body: '{"asset":' }),
      400,
      'VALIDATION_FAILED',
    )
    await expectError(bad({ body: form(english, { influencer: demo.miaId }) }), 403, 'FORBIDDEN')
    await expectError(bad({ body: form(english, { link: demo.nordlicht.ninaLinkId }) }), 404, 'NOT_FOUND')
    await expectError(bad({ body: form(english, { colour: 'red' }) }), 400, 'VALIDATION_FAILED')
    await expectError(
      bad({ headers: { 'content-type': 'image/png' }, body: english }, tokens.client),
      403,
      'FORBIDDEN',
    )
    await expectError(
      send('/api/ocr/story-insights', undefined, { body: form(english) }),
      401,
      'UNAUTHORIZED',
    )
    expect([await readings(), await assets()]).toEqual([r, a])
  })

  it('answers 503 OCR_BUSY with Retry-After when the worker is busy and nothing may wait', async () => {
    const post = () =>
      send('/api/ocr/story-insights', tokens.staff, {
        headers: { 'content-type': 'image/png' },
        body: english,
      })
    const answers = await Promise.all([post(), post()])
    const busy = answers.find((a) => a.status === 503)
    expect(answers.map((a) => a.status).sort()).toEqual([200, 503])
    expect(busy!.body.error.code).toBe('OCR_BUSY')
    expect(Number(busy!.res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })
})

describe('story insights where no OCR runs', () => {
  it('answers 503 OCR_UNAVAILABLE', async () => {
    const t = await createTestAppWithDatabase({ overrides: { ocr: undefined } })
    const [token] = Object.values(await demoTokens(t, ['influencer']))
    const res = await t.app.request('/api/ocr/story-insights', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'image/png' },
      body: new Uint8Array([1, 2, 3]),
    })
    expect(res.status).toBe(503)
    expect(((await res.json()) as Json).error.code).toBe('OCR_UNAVAILABLE')
  })
})
