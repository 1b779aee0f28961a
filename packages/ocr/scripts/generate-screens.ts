/**
 * Writes the story-insights test set: every case of `storyInsightCases()` as an image, and
 * `truth.json` with what each one shows. Stale images go first, so a renamed or dropped case
 * leaves nothing behind; the README stays.
 *
 *   node --import tsx packages/ocr/scripts/generate-screens.ts
 */
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import sharp from 'sharp'
import { renderScreen, screenFileName, screenTruth, storyInsightCases } from '../src/testing/screens.ts'

const dir = fileURLToPath(new URL('../fixtures/story-insights/', import.meta.url))
const generated = /\.(png|jpg)$|^truth\.json$/

// The cores are shared: one libvips thread, one image at a time.
sharp.concurrency(1)

await mkdir(dir, { recursive: true })
for (const file of await readdir(dir)) if (generated.test(file)) await rm(join(dir, file))

const cases = storyInsightCases()
let bytes = 0
for (const c of cases) {
  const image = await renderScreen(c)
  await writeFile(join(dir, screenFileName(c)), image)
  bytes += image.length
}
const truth = `${JSON.stringify(cases.map(screenTruth), null, 2)}\n`
await writeFile(join(dir, 'truth.json'), truth)
bytes += (await stat(join(dir, 'truth.json'))).size

console.log(`${cases.length} screens and truth.json in ${dir}: ${(bytes / 1024 / 1024).toFixed(2)} MB`)
