// The exchange-rate repository on every SQL engine (SQLite, D1 under Miniflare, MariaDB when
// present): batches written all or nothing and idempotently, the last rate carried forward into
// a range (ratesFor), the opposite pair only where the direct one is missing, demo rates that
// never overwrite a stored one.
import { type TestEngine, testEngines } from '@glam/testing/databases'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlDatabase } from './connect.ts'
import { demoFxRates } from './demo.ts'
import { createRepositories, type Repositories } from './repositories/index.ts'

const masterKey = 'test-master-key-0123456789abcdef0123456789'
const rate = (day: string, base: string, quote: string, value: string, source?: string) => ({
  day,
  base,
  quote,
  rate: value,
  ...(source && { source }),
})

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'fx rates on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let repos: Repositories
    let clock = new Date('2026-06-01T10:00:00.000Z')

    beforeAll(async () => {
      database = await engine.open()
      repos = createRepositories({ database, now: () => clock, masterKey })
    })
    afterAll(() => database?.close())

    it('writes a batch, and the same batch again changes nothing', async () => {
      const batch = [
        rate('2026-05-01', 'EUR', 'USD', '1.0834', 'ECB'),
        rate('2026-05-01', 'EUR', 'GBP', '0.842'),
        rate('2026-05-02', 'EUR', 'USD', '1.0851', 'ECB'),
      ]
      const first = await repos.fxRates.upsert(batch, 'user-1')
      expect(first.created.map((r) => `${r.day} ${r.base}${r.quote} ${r.rate}`)).toEqual([
        '2026-05-01 EURUSD 1.0834',
        '2026-05-01 EURGBP 0.842',
        '2026-05-02 EURUSD 1.0851',
      ])
      expect(first).toMatchObject({ updated: [], unchanged: 0 })
      const stored = await repos.fxRates.list({ base: 'EUR' })
      expect(stored).toEqual([
        {
          day: '2026-05-01',
          base: 'EUR',
          quote: 'GBP',
          rate: '0.842',
          source: null,
          updatedBy: 'user-1',
          updatedAt: clock,
        },
        expect.objectContaining({ day: '2026-05-01', quote: 'USD', rate: '1.0834', source: 'ECB' }),
        expect.objectContaining({ day: '2026-05-02', quote: 'USD', rate: '1.0851' }),
      ])

      clock = new Date('2026-06-01T11:00:00.000Z')
      const again = await repos.fxRates.upsert(batch, 'user-2')
      expect(again).toEqual({ created: [], updated: [], unchanged: 3 })
      expect(await repos.fxRates.list({ base: 'EUR' })).toEqual(stored)

      const changed = await repos.fxRates.upsert([rate('2026-05-01', 'EUR', 'USD', '1.09', 'ECB')], 'user-2')
      expect(changed.updated).toEqual([
        {
          before: expect.objectContaining({ rate: '1.0834', updatedBy: 'user-1' }),
          after: expect.objectContaining({ rate: '1.09', updatedBy: 'user-2', updatedAt: clock }),
        },
      ])
      expect(await repos.fxRates.get('2026-05-01', 'EUR', 'USD')).toMatchObject({
        rate: '1.09',
        updatedBy: 'user-2',
      })
    })

    it('filters the list by days (inclusive), base and quote', async () => {
      const days = (rows: { day: string; quote: string }[]) => rows.map((r) => `${r.day} ${r.quote}`)
      expect(days(await repos.fxRates.list({ from: '2026-05-02', to: '2026-05-02' }))).toEqual([
        '2026-05-02 USD',
      ])
      expect(days(await repos.fxRates.list({ quote: 'GBP' }))).toEqual(['2026-05-01 GBP'])
      expect(await repos.fxRates.list({ base: 'USD' })).toEqual([])
    })

    it('writes a large batch in one piece (beyond one statement on every engine)', async () => {
      const batch = Array.from({ length: 120 }, (_, i) =>
        rate(
          new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10),
          'CHF',
          'SEK',
          `11.${String(i).padStart(3, '0')}1`,
        ),
      )
      const result = await repos.fxRates.upsert(batch, null)
      expect(result.created).toHaveLength(120)
      const stored = await repos.fxRates.list({ base: 'CHF', quote: 'SEK' })
      expect(stored).toHaveLength(120)
      expect(stored[119]).toMatchObject({ day: '2025-04-30', rate: '11.1191' })
    })

    it('carries the latest rate on or before the first day into the range, per base', async () => {
      await repos.fxRates.upsert(
        [
          rate('2026-03-01', 'GBP', 'EUR', '1.15'),
          rate('2026-03-20', 'GBP', 'EUR', '1.17'),
          rate('2026-04-02', 'GBP', 'EUR', '1.18'),
          rate('2026-04-05', 'GBP', 'EUR', '1.19'),
          rate('2026-04-30', 'GBP', 'EUR', '1.2'),
          rate('2026-04-03', 'SEK', 'EUR', '0.087'),
          rate('2026-04-03', 'GBP', 'USD', '1.3'),
        ],
        null,
      )
      const rates = await repos.fxRates.ratesFor('EUR', ['GBP', 'SEK', 'JPY'], '2026-04-01', '2026-04-10')
      expect([...rates.keys()]).toEqual(['GBP', 'SEK', 'JPY'])
      // GBP: the rate of 03-20 carries into 04-01; 03-01 is older than needed; 04-30 is after the range.
      expect(rates.get('GBP')).toEqual([
        { day: '2026-03-20', rate: '1.17' },
        { day: '2026-04-02', rate: '1.18' },
        { day: '2026-04-05', rate: '1.19' },
      ])
      // SEK has none before the range: its first is inside it. JPY has none at all.
      expect(rates.get('SEK')).toEqual([{ day: '2026-04-03', rate: '0.087' }])
      expect(rates.get('JPY')).toEqual([])
      // The range ends on its last day, inclusive.
      expect((await repos.fxRates.ratesFor('EUR', ['GBP'], '2026-04-05', '2026-04-05')).get('GBP')).toEqual([
        { day: '2026-04-05', rate: '1.19' },
      ])
    })

    it('gives the opposite pair as inverse where the direct one is missing that day', async () => {
      // Stored EUR→USD on 05-01 (1.09) and 05-02 (1.0851); USD→EUR only on 05-02 and 05-03.
      await repos.fxRates.upsert(
        [rate('2026-05-02', 'USD', 'EUR', '0.92'), rate('2026-05-03', 'USD', 'EUR', '0.93')],
        null,
      )
      const usd = await repos.fxRates.ratesFor('USD', ['EUR'], '2026-05-01', '2026-05-31')
      expect(usd.get('EUR')).toEqual([
        { day: '2026-05-01', rate: '1.09' },
        { day: '2026-05-02', rate: '1.0851' },
        { day: '2026-05-03', rate: '0.93', inverse: true },
      ])
      const eur = await repos.fxRates.ratesFor('EUR', ['USD', 'EUR'], '2026-05-01', '2026-05-31')
      expect(eur.get('USD')).toEqual([
        { day: '2026-05-01', rate: '1.09', inverse: true },
        { day: '2026-05-02', rate: '0.92' },
        { day: '2026-05-03', rate: '0.93' },
      ])
      expect(eur.get('EUR')).toEqual([])
    })

    it('removes one rate and answers null for one that is not there', async () => {
      const removed = await repos.fxRates.remove('2026-05-03', 'USD', 'EUR')
      expect(removed).toMatchObject({ day: '2026-05-03', base: 'USD', quote: 'EUR', rate: '0.93' })
      expect(await repos.fxRates.get('2026-05-03', 'USD', 'EUR')).toBeNull()
      expect(await repos.fxRates.remove('2026-05-03', 'USD', 'EUR')).toBeNull()
    })

    it('adds the demo rates it lacks and keeps the ones staff changed', async () => {
      const demo = demoFxRates('2026-06-01')
      expect(demo).toHaveLength(160)
      expect(demoFxRates('2026-06-01')).toEqual(demo)
      expect(new Set(demo.map((r) => r.quote))).toEqual(new Set(['USD', 'GBP', 'CHF', 'SEK']))
      expect(demo[0]!.day).toBe('2026-04-23')
      for (const r of demo) expect(r.rate).toMatch(/^\d+\.\d{4}$/)
      await repos.fxRates.upsert([rate('2026-06-01', 'EUR', 'USD', '1.5', 'staff')], 'user-3')
      await repos.fxRates.addMissing(demo)
      await repos.fxRates.addMissing(demo)
      const stored = await repos.fxRates.list({ from: '2026-04-23', to: '2026-06-01', base: 'EUR' })
      expect(stored).toHaveLength(160)
      expect(stored.find((r) => r.day === '2026-06-01' && r.quote === 'USD')).toMatchObject({
        rate: '1.5',
        source: 'staff',
      })
      expect(repos.fxRates.today()).toBe(clock.toISOString().slice(0, 10))
    })
  },
)
