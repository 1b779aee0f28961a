// `npm run demo -- price-drop <sku> <minor>`: the demo shop's feed offers the lower price and its
// import records the drop; `price-reset` puts the list price back; `out-of-stock` and
// `back-in-stock` change the feed's availability and record the return; bad input is refused.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runScript } from '@glam/testing/child'
import { repoRoot } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'glam-demo-cli-'))
const pricesFile = join(dir, 'prices.json')
const stockFile = join(dir, 'stock.json')
const demoCli = (args: string[]) =>
  runScript('scripts/demo.ts', [...args, '--prices-file', pricesFile, '--stock-file', stockFile], {
    cwd: repoRoot,
    env: { ...process.env, GLAM_ENV: 'development', DATABASE_URL: `file:${join(dir, 'demo.db')}` },
  })

describe('npm run demo', () => {
  it('lowers a price through the feed, records the drop, and resets it', async () => {
    const baseline = JSON.parse((await demoCli(['price-reset', '--json'])).stdout)
    expect(baseline).toMatchObject({ outcome: 'IMPORTED', counts: { created: 4 } })
    const drop = await demoCli(['price-drop', 'GLOW-SERUM-30', '2990', '--json'])
    expect(drop.status).toBe(0)
    expect(JSON.parse(drop.stdout)).toMatchObject({
      counts: { updated: 1, unchanged: 3 },
      changes: { priceDrops: 1 },
    })
    expect(JSON.parse(readFileSync(pricesFile, 'utf8'))).toEqual({ 'GLOW-SERUM-30': 2990 })
    const reset = JSON.parse((await demoCli(['price-reset', '--json'])).stdout)
    expect(reset).toMatchObject({ counts: { updated: 1 }, changes: { priceDrops: 0 } })
  })

  it('takes a product out of stock and brings it back, recorded as back in stock', async () => {
    const out = await demoCli(['out-of-stock', 'CLAY-MASK-75', '--json'])
    expect(out.status).toBe(0)
    expect(JSON.parse(out.stdout)).toMatchObject({
      outOfStock: ['CLAY-MASK-75'],
      counts: { updated: 1 },
      changes: { backInStock: 0 },
    })
    expect(JSON.parse(readFileSync(stockFile, 'utf8'))).toEqual(['CLAY-MASK-75'])
    const again = await demoCli(['out-of-stock', 'CLAY-MASK-75', '--json'])
    expect(again.status).toBe(64)
    expect(JSON.parse(again.stdout).error.code).toBe('ALREADY_OUT_OF_STOCK')
    const back = await demoCli(['back-in-stock', 'CLAY-MASK-75', '--json'])
    expect(JSON.parse(back.stdout)).toMatchObject({
      outOfStock: [],
      counts: { updated: 1 },
      changes: { backInStock: 1 },
    })
    expect(existsSync(stockFile)).toBe(false)
  })

  it('refuses an unknown SKU, a price that is no drop, and nonsense', async () => {
    for (const [args, code] of [
      [['price-drop', 'NOPE', '100'], 'UNKNOWN_SKU'],
      [['back-in-stock', 'GLOW-SERUM-30'], 'ALREADY_IN_STOCK'],
      [['out-of-stock'], 'UNKNOWN_SKU'],
      [['price-drop', 'GLOW-SERUM-30', '9990'], 'NOT_A_DROP'],
      [['price-drop', 'GLOW-SERUM-30', '12.5'], 'INVALID_PRICE'],
      [['explode'], 'USAGE'],
    ] as const) {
      const result = await demoCli([...args, '--json'])
      expect(result.status).toBe(64)
      expect(JSON.parse(result.stdout).error.code).toBe(code)
    }
  })
})
