// Feed imports end to end into the catalogue (`BENCH_ONLY=catalog`): the bench's 1,000,000-row
// Google Merchant CSV through importFeed (read, validate, normalise, hash, stage, apply) into an
// empty SQLite file and an empty MariaDB, then the same file again (nothing changed), each beside
// the raw baseline doing the reading and writing alone: papaparse and the driver's own multi-row
// INSERTs of the same rows (catalog-child.ts). A child process per measurement (its peak RSS its
// own); CATALOG_ROWS scales the file, CATALOG_ROUNDS repeats (default 1: a round takes minutes).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { hasMariaDb, type RunningMariaDb, startMariaDb } from '@glam/testing/mariadb'
import { repoRoot } from '@glam/testing/runtimes'
import { writeCsvFeed } from './feeds.ts'
import { median } from './wrk.ts'

const [aimVsRaw, aimAgainVsFirst, aimPeakRssMb] = [0.5, 1.5, 250]
const boundedHeapMb = 192

interface Timed {
  rows: number
  seconds: number
}
interface Child {
  first: Timed & { counts?: Record<string, number>; outcome?: string }
  again?: Timed & { counts?: Record<string, number>; outcome?: string }
  peakRssMb: number
}

async function child(
  mode: 'glam' | 'raw',
  file: string,
  url: string,
  nodeFlags: string[] = [],
): Promise<Child> {
  const args = [...nodeFlags, '--import', 'tsx', 'packages/bench/src/catalog-child.ts', mode, file, url]
  const { stdout } = await promisify(execFile)(process.execPath, args, {
    cwd: repoRoot,
    maxBuffer: 1 << 24,
  })
  return JSON.parse(stdout.trim().split('\n').at(-1)!) as Child
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
const perSecond = (t: Timed) => t.rows / t.seconds

export async function catalogBench({
  rows = Number(process.env.CATALOG_ROWS ?? 1_000_000),
  rounds = Number(process.env.CATALOG_ROUNDS ?? 1),
} = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'glam-bench-catalog-'))
  let maria: RunningMariaDb | undefined
  try {
    const file = join(dir, 'google.csv')
    const bytes = await writeCsvFeed(file, rows)
    console.log(
      `\ncatalog: ${fmt(rows)}-row Google Merchant CSV (${(bytes / 1e6).toFixed(0)} MB) imported end to end; ${rounds} round(s), a child process each`,
    )
    const engines: { name: string; url: () => Promise<string> }[] = [
      {
        name: 'sqlite',
        url: async () => `file:${join(dir, `db-${Math.random().toString(36).slice(2)}.sqlite`)}`,
      },
    ]
    if (hasMariaDb()) {
      maria = await startMariaDb({ durable: true })
      const server = maria
      let n = 0
      engines.push({ name: 'mariadb', url: () => server.createDatabase(`bench_catalog_${n++}`) })
    } else console.log('mariadb: not installed (Debian package mariadb-server), skipped')
    const results: Record<string, unknown> = {}
    for (const engine of engines) {
      const runs: { glam: Child[]; raw: Child[] } = { glam: [], raw: [] }
      for (let round = 0; round < rounds; round++)
        for (const mode of round % 2 ? (['glam', 'raw'] as const) : (['raw', 'glam'] as const)) {
          const r = await child(mode, file, await engine.url())
          runs[mode].push(r)
          const again = r.again ? `, again ${fmt(perSecond(r.again))} rows/s` : ''
          const wrong = r.first.rows === rows ? '' : `   !!! ${r.first.rows} OF ${rows} ROWS`
          console.log(
            `round ${round + 1} ${engine.name.padEnd(8)} ${mode.padEnd(5)} first ${fmt(perSecond(r.first))} rows/s${again}, peak ${r.peakRssMb.toFixed(0)} MB${wrong}`,
          )
        }
      const raw = median(runs.raw.map((r) => perSecond(r.first)))
      const first = median(runs.glam.map((r) => perSecond(r.first)))
      const again = median(runs.glam.map((r) => perSecond(r.again!)))
      const peak = Math.max(...runs.glam.map((r) => r.peakRssMb))
      const summary = {
        rawRowsPerSecond: Math.round(raw),
        glamRowsPerSecond: Math.round(first),
        glamAgainRowsPerSecond: Math.round(again),
        vsRaw: Number((first / raw).toFixed(2)),
        againVsFirst: Number((again / first).toFixed(2)),
        glamPeakRssMb: Math.round(peak),
        rawPeakRssMb: Math.round(Math.max(...runs.raw.map((r) => r.peakRssMb))),
      }
      if (engine.name === 'sqlite') {
        // The import's live data is small (about 20 MB of heap after a collection at 200,000
        // rows); its peak RSS is V8's garbage headroom. With the old generation bounded:
        const bounded = await child('glam', file, await engine.url(), [
          `--max-old-space-size=${boundedHeapMb}`,
        ])
        Object.assign(summary, {
          boundedHeapMb,
          boundedRowsPerSecond: Math.round(perSecond(bounded.first)),
          boundedAgainRowsPerSecond: Math.round(perSecond(bounded.again!)),
          boundedPeakRssMb: Math.round(bounded.peakRssMb),
        })
        console.log(
          `${engine.name}: glam with --max-old-space-size=${boundedHeapMb}: first ${fmt(perSecond(bounded.first))} rows/s, again ${fmt(perSecond(bounded.again!))} rows/s, peak RSS ${bounded.peakRssMb.toFixed(0)} MB`,
        )
      }
      results[engine.name] = summary
      const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES')
      console.log(
        `${engine.name}: raw ${fmt(raw)} rows/s · glam ${fmt(first)} rows/s = ${summary.vsRaw}× raw (aim ≥ ${aimVsRaw}: ${mark(summary.vsRaw >= aimVsRaw)}) · unchanged re-import ${fmt(again)} rows/s = ${summary.againVsFirst}× the first (aim ≥ ${aimAgainVsFirst}: ${mark(summary.againVsFirst >= aimAgainVsFirst)}) · peak RSS ${summary.glamPeakRssMb} MB (aim < ${aimPeakRssMb}: ${mark(peak < aimPeakRssMb)})`,
      )
    }
    return { rows, ...results }
  } finally {
    await maria?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
