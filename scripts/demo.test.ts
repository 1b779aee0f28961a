// `npm run demo -- price-drop <sku> <minor>`: the demo shop's feed offers the lower price and its
// import records the drop; `price-reset` puts the list price back; bad input is refused.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runScript } from '@glam/testing/child'
import { repoRoot } from '@glam/testing/runtimes'
import { describe, expect, it } from 'vitest'

const dir = mkdtempSync(join(tmpdir(), 'glam-demo-cli-'))
const pricesFile = join(dir, 'prices.json')
const demoCli = (args: string[]) =>
  runScript('scripts/demo.ts', [...args, '--prices-file', pricesFile], {
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

  it('refuses an unknown SKU, a price that is no drop, and nonsense', async () => {
    for (const [args, code] of [
      [['price-drop', 'NOPE', '100'], 'UNKNOWN_SKU'],
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
