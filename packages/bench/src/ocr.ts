// Story-insight OCR (`BENCH_ONLY=ocr`): the warm tesseract.js pool against the native tesseract
// CLI (Debian `tesseract-ocr`) on the same 40 screenshots, in a child process of its own
// (ocr-child.ts: its RSS is the pool's): latency per screenshot, throughput with every worker
// busy, the warm pool's memory, and accuracy per field on the test set.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { repoRoot } from '@glam/testing/runtimes'
import { requireTool } from '@glam/testing/strict'

const aimVsCli = 1.5

interface Figures {
  p50: number
  p99: number
  n: number
}
interface Child {
  workers: number
  images: number
  rounds: number
  warmMs: number
  rssBeforeMb: number
  rssWarmMb: number
  rssBusyMb: number
  recognize: Figures
  reader: Figures
  cli: Figures
  poolPerSecond: number
  cliPerSecond: number
  fields: Record<string, { right: number; total: number }>
}

const hasTesseract = () =>
  promisify(execFile)('tesseract', ['--version']).then(
    () => true,
    () => false,
  )

export async function ocrBench({ rounds = Number(process.env.OCR_ROUNDS ?? 2) } = {}) {
  if (!requireTool(await hasTesseract(), 'tesseract (Debian packages tesseract-ocr, tesseract-ocr-deu)'))
    return
  console.log(`\nocr: 40 story-insight screenshots, ${rounds} rounds, the warm pool beside the tesseract CLI`)
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', 'packages/bench/src/ocr-child.ts', String(rounds)],
    { cwd: repoRoot, maxBuffer: 1 << 24 },
  )
  const r = JSON.parse(stdout.trim().split('\n').at(-1)!) as Child
  const ratio = (a: number, b: number) => Number((a / b).toFixed(2))
  const summary = {
    ...r,
    recognizeVsCliP50: ratio(r.recognize.p50, r.cli.p50),
    readerVsCliP50: ratio(r.reader.p50, r.cli.p50),
    readerVsCliP99: ratio(r.reader.p99, r.cli.p99),
    throughputVsCli: ratio(r.poolPerSecond, r.cliPerSecond),
    warmPoolMb: r.rssWarmMb - r.rssBeforeMb,
  }
  const mark = (ok: boolean) => (ok ? 'meets' : 'MISSES')
  const row = (name: string, f: Figures) =>
    `  ${name.padEnd(34)} p50 ${String(f.p50).padStart(5)} ms   p99 ${String(f.p99).padStart(5)} ms`
  console.log(row('pool: prepare + recognize', r.recognize))
  console.log(row('pool: whole reader', r.reader))
  console.log(row('tesseract CLI (one process each)', r.cli))
  console.log(
    `  reader ÷ CLI p50 ${summary.readerVsCliP50}× (aim ≤ ${aimVsCli}×: ${mark(summary.readerVsCliP50 <= aimVsCli)}), p99 ${summary.readerVsCliP99}×`,
  )
  console.log(
    `  throughput, ${r.workers} at once: pool ${r.poolPerSecond}/s, CLI ${r.cliPerSecond}/s (${summary.throughputVsCli}×)`,
  )
  console.log(
    `  RSS: ${r.rssBeforeMb} MB before, ${r.rssWarmMb} MB with ${r.workers} workers warm (${summary.warmPoolMb} MB, ${r.warmMs} ms to warm), ${r.rssBusyMb} MB busy`,
  )
  const accuracy = Object.entries(r.fields)
    .map(([k, f]) => `${k} ${f.right}/${f.total}`)
    .join(', ')
  console.log(`  accuracy: ${accuracy}`)
  return summary
}
