// Product search at scale (`BENCH_ONLY=search`): the generated beauty catalogue (1,000,000
// products; SEARCH_PRODUCTS scales it) indexed through the FTS5 engine in a child process of its
// own (search-child.ts: its peak RSS its own), then 14 shopper queries, each with every facet,
// beside the bare baseline on the same products (one FTS5 MATCH plus one GROUP BY) and a
// `LIKE '%…%'` scan, and typeahead beside the bare prefix MATCH, in turn within each round.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { repoRoot } from '@glam/testing/runtimes'

const [aimVsBareP99, aimProductsPerSecond] = [2, 20_000]

interface Figures {
  p50: number
  p99: number
  n: number
}
interface Child {
  products: number
  indexSeconds: number
  productsPerSecond: number
  bareIndexSeconds: number
  indexMb: number
  bareIndexMb: number
  indexPeakRssMb: number
  peakRssMb: number
  search: Figures
  bare: Figures
  like: Figures
  suggest: Figures
  barePrefix: Figures
}

export async function searchBench({
  products = Number(process.env.SEARCH_PRODUCTS ?? 1_000_000),
  rounds = Number(process.env.SEARCH_ROUNDS ?? 10),
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-search-'))
  try {
    console.log(
      `\nsearch: ${products.toLocaleString('en-US')} generated products indexed, then ${rounds} rounds of 14 queries and 10 prefixes`,
    )
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'packages/bench/src/search-child.ts', String(products), dir, String(rounds)],
      { cwd: repoRoot, maxBuffer: 1 << 24 },
    )
    const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as Child
    const ratio = (a: number, b: number) => Number((a / b).toFixed(2))
    const summary = {
      ...r,
      searchVsBareP50: ratio(r.search.p50, r.bare.p50),
      searchVsBareP99: ratio(r.search.p99, r.bare.p99),
      likeVsBareP50: ratio(r.like.p50, r.bare.p50),
      suggestVsBarePrefixP99: ratio(r.suggest.p99, r.barePrefix.p99),
    }
    const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES')
    console.log(
      `index: ${r.indexSeconds} s = ${r.productsPerSecond.toLocaleString('en-US')} products/s (aim ≥ ${aimProductsPerSecond.toLocaleString('en-US')}: ${mark(r.productsPerSecond >= aimProductsPerSecond)}), ${r.indexMb} MB on disk (bare FTS5 of the raw text ${r.bareIndexMb} MB, built in ${r.bareIndexSeconds} s), peak RSS ${r.indexPeakRssMb} MB`,
    )
    console.log(
      `search with facets: p50 ${r.search.p50} ms, p99 ${r.search.p99} ms · bare MATCH + GROUP BY: p50 ${r.bare.p50} ms, p99 ${r.bare.p99} ms → ${summary.searchVsBareP99}× its p99 (aim ≤ ${aimVsBareP99}: ${mark(summary.searchVsBareP99 <= aimVsBareP99)}) · LIKE scan: p50 ${r.like.p50} ms, p99 ${r.like.p99} ms`,
    )
    console.log(
      `suggest: p50 ${r.suggest.p50} ms, p99 ${r.suggest.p99} ms · bare prefix MATCH: p50 ${r.barePrefix.p50} ms, p99 ${r.barePrefix.p99} ms`,
    )
    return summary
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}
