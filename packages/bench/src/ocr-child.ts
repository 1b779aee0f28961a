// The OCR bench's measuring process (ocr.ts starts it, so its RSS is the pool's alone): the warm
// tesseract.js pool beside the native `tesseract` CLI on the same 40 story-insight screenshots.
// 1. Latency, one screenshot at a time, alternating: the pool's recognize (what a request waits
//    for: preparation with sharp and tesseract), the whole reader (plus the layout rules), and
//    the CLI on the same file (`tesseract <file> - --psm 4 -l eng+deu`, one process each, as a
//    script calling it would). 2. Throughput with every worker busy beside as many CLI processes
//    at once. 3. RSS before and after warming, and after the work. 4. Accuracy per field.
// Prints one JSON line. Usage: tsx ocr-child.ts <rounds>
import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { createTesseractPool } from '@glam/ocr/pool'
import { readStoryInsights, storyInsightPreparation } from '@glam/ocr/story-insights'
import { screenFileName, screenTruth, storyInsightCases } from '@glam/ocr/testing/screens'
import { repoRoot } from '@glam/testing/runtimes'

const run = promisify(execFile)
const rounds = Number(process.argv[2] ?? 2)
const workers = availableParallelism()
const dir = join(repoRoot, 'packages/ocr/fixtures/story-insights')
const cases = storyInsightCases()
const files = cases.map((c) => join(dir, screenFileName(c)))
const images = await Promise.all(files.map((f) => readFile(f)))
const mb = () => Math.round(process.memoryUsage().rss / 1e6)

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return Math.round(s[Math.min(s.length - 1, Math.floor(q * s.length))]!)
}
const figures = (xs: number[]) => ({ p50: quantile(xs, 0.5), p99: quantile(xs, 0.99), n: xs.length })
const timed = async (work: () => Promise<unknown>) => {
  const started = performance.now()
  await work()
  return performance.now() - started
}
const cli = (file: string) =>
  run('tesseract', [file, '-', '--psm', '4', '-l', 'eng+deu'], { maxBuffer: 1 << 22 })

const rssBefore = mb()
const pool = createTesseractPool({ workers, maxQueue: 1000 })
const warmMs = await timed(() => pool.warm())
const rssWarm = mb()
await cli(files[0]!) // the page cache holds the CLI's models too

const recognize: number[] = []
const reader: number[] = []
const native: number[] = []
for (let round = 0; round < rounds; round++) {
  for (let i = 0; i < images.length; i++) {
    recognize.push(
      await timed(() => pool.recognize(images[i]!, { psm: 4, prepare: storyInsightPreparation })),
    )
    native.push(await timed(() => cli(files[i]!)))
    reader.push(await timed(() => readStoryInsights(pool, images[i]!, { uploadedAt: new Date() })))
  }
}

// Throughput: all 40 at once through the pool, and through `workers` CLI processes at a time.
const poolAll = await timed(() =>
  Promise.all(images.map((image) => readStoryInsights(pool, image, { uploadedAt: new Date() }))),
)
const rssBusy = mb()
const cliAll = await timed(async () => {
  let next = 0
  await Promise.all(
    Array.from({ length: workers }, async () => {
      while (next < files.length) await cli(files[next++]!)
    }),
  )
})

// Accuracy per field on the test set.
const fields: Record<string, { right: number; total: number }> = {}
const count = (key: string, right: boolean) => {
  fields[key] ??= { right: 0, total: 0 }
  fields[key].total++
  if (right) fields[key].right++
}
for (let i = 0; i < cases.length; i++) {
  const c = cases[i]!
  const truth = screenTruth(c)
  const uploadedAt = new Date(c.date.uploadedAt ?? `${c.date.uploadYear}-12-31T23:59`)
  const got = await readStoryInsights(pool, images[i]!, { uploadedAt }).catch(() => null)
  for (const [key, want] of Object.entries(truth.metrics)) {
    const m = got?.metrics[key as keyof typeof got.metrics]
    count(key, m?.value === want!.value && m.approximate === want!.approximate)
  }
  count('date', got?.date === truth.date)
  count('locale', got?.locale === c.locale)
}
await pool.close()

console.log(
  JSON.stringify({
    workers,
    images: images.length,
    rounds,
    warmMs: Math.round(warmMs),
    rssBeforeMb: rssBefore,
    rssWarmMb: rssWarm,
    rssBusyMb: rssBusy,
    recognize: figures(recognize),
    reader: figures(reader),
    cli: figures(native),
    poolPerSecond: Number(((images.length / poolAll) * 1000).toFixed(2)),
    cliPerSecond: Number(((files.length / cliAll) * 1000).toFixed(2)),
    fields,
  }),
)
