/**
 * The demo images (`packages/assets/demo/`, drawn for Glam, see its README) as assets: four
 * product photos of Demo Beauty's range and the Summer Glow campaign hero, uploaded by the demo
 * admin for the demo customer. `npm start` seeds them beside the demo data; the demo shop shows
 * the photos under the same hashes, computed from the same files.
 *
 * ```ts
 * const records = await seedDemoAssets(platform) // idempotent: one record per file, ever
 * const src = `${glamUrl}/a/${demoAssetSha256('glow-serum.jpg')}.jpg`
 * ```
 *
 * The files are read with node:fs, so this runs where the process has the repository (Node and
 * Deno at start, in prepareLocalPlatform). The worker (`npm run dev:edge`, workerd) seeds the demo
 * records into D1 but no blobs: there the shop's photos and the landing page's hero are absent.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import type { Platform } from '@glam/core'
import { demo } from '@glam/db/demo'
import type { Asset } from '@glam/db/repositories/assets'
import { ingest } from './ingest.ts'
import { storeAsset } from './store.ts'
import { defaultRules } from './types.ts'

export interface DemoAsset {
  /** The file in packages/assets/demo/, and the record's name. */
  file: string
  type: 'product-photo' | 'campaign-image'
  width: number
  height: number
  /** What the picture shows, for an `alt`. */
  alt: string
}

export const demoAssets: readonly DemoAsset[] = [
  {
    file: 'glow-serum.jpg',
    type: 'product-photo',
    width: 800,
    height: 800,
    alt: 'Glow Serum dropper bottle',
  },
  { file: 'rose-lip-oil.jpg', type: 'product-photo', width: 800, height: 800, alt: 'Rose Lip Oil tube' },
  { file: 'spf50-fluid.jpg', type: 'product-photo', width: 800, height: 800, alt: 'Daily Fluid SPF 50 tube' },
  { file: 'pink-clay-mask.jpg', type: 'product-photo', width: 800, height: 800, alt: 'Pink Clay Mask jar' },
  {
    file: 'summer-glow-campaign.jpg',
    type: 'campaign-image',
    width: 1600,
    height: 900,
    alt: 'Summer Glow campaign',
  },
]

const folder = new URL('../demo/', import.meta.url)
const byFile = new Map(demoAssets.map((a) => [a.file, a]))

/** The bytes of a demo file (one of `demoAssets`). */
export function readDemoAsset(file: string): Buffer {
  if (!byFile.has(file)) throw new Error(`no demo asset ${JSON.stringify(file)}`)
  return readFileSync(new URL(file, folder))
}

const hashes = new Map<string, string>()

/** The SHA-256 of a demo file, hex: its address `/a/<sha256>.jpg` once seeded. Hashed once per process. */
export function demoAssetSha256(file: string): string {
  let sha256 = hashes.get(file)
  if (!sha256) {
    sha256 = createHash('sha256').update(readDemoAsset(file)).digest('hex')
    hashes.set(file, sha256)
  }
  return sha256
}

/**
 * Stores each demo file as an asset unless a record of its type already holds its bytes: on a
 * warm start one query per file, nothing written. The records, in the order of `demoAssets`.
 */
export async function seedDemoAssets(platform: Platform): Promise<Asset[]> {
  const records: Asset[] = []
  for (const asset of demoAssets) {
    const sha256 = demoAssetSha256(asset.file)
    const existing = (await platform.repos.assets.bySha256(sha256)).find((r) => r.type === asset.type)
    if (existing) {
      records.push(existing)
      continue
    }
    const rule = defaultRules[asset.type]
    const bytes = readDemoAsset(asset.file)
    const ingested = await ingest(platform, { body: new Response(bytes as BodyInit).body!, rule })
    records.push(
      await storeAsset(platform, ingested, {
        type: asset.type,
        appId: demo.app,
        name: asset.file,
        visibility: rule.visibility,
        createdByType: 'user',
        createdBy: demo.adminUserId,
        customerId: demo.customerId,
        influencerId: null,
      }),
    )
  }
  return records
}
