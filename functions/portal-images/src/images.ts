/**
 * Feed images into assets. A run reads the products changed since the last one (its cursor in
 * the blob store, `portal/images-cursor.json`: a feed run moves what it creates or changes), and
 * fetches each image address on offer that has no row in `product_images` yet, plus the failed
 * ones due again; each through `safeFetch` (no private, loopback or metadata address, on any
 * redirect hop; `GLAM_FETCH_ALLOW_HOSTS` for the demo shop), sniffed and checked like an upload
 * (`product-photo`: JPEG, PNG, WebP, AVIF or GIF, at most 25 MB and 100 million pixels) and
 * stored once per content (an address whose bytes are already an asset reuses that record; one
 * on Glam's own origin, `/a/<sha256>.<ext>` or `/i/<sha256>?p=…`, is that asset, unfetched).
 * A failure is kept with its code and tried again after 1 h, 2 h, 4 h … at most a week. The
 * pages of the products that got their image are purged, so they show it at once.
 *
 * ```ts
 * const report = await fetchProductImages(platform, { budget: 200 })
 * ```
 */

import { discardIngested, ingest } from '@glam/assets/ingest'
import { storeAsset } from '@glam/assets/store'
import { defaultRules } from '@glam/assets/types'
import {
  GlamError,
  nilUuid,
  normalizeWebUrl,
  type Platform,
  purgePages,
  readJsonBlob,
  writeJsonBlob,
} from '@glam/core'
import { SafeFetchError, safeFetch } from '@glam/core/safe-fetch'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { ProductCursor } from '@glam/db/repositories/products'

export const imagesCursorKey = 'portal/images-cursor.json'
const rule = defaultRules['product-photo']
const pageSize = 500
const hourMs = 60 * 60_000
const maxBackoffMs = 7 * 24 * hourMs

export interface ImagesReport {
  fetched: number
  failed: number
  /** Products read since the cursor. */
  read: number
  /** Stopped with work left (the budget, the time or an abort): the next run goes on. */
  more: boolean
}

export interface ImagesOptions {
  /** Addresses fetched per run at most (default 200). */
  budget?: number
  /** At once (default 4). */
  concurrency?: number
  /** Stop starting fetches after this long (default 45 s: the job runs every minute). */
  timeMs?: number
  signal?: AbortSignal
  onProgress?: (fields: Record<string, unknown>) => void
  /** Passed to safeFetch (tests). */
  fetchInit?: Parameters<typeof safeFetch>[1]
}

async function readCursor(platform: Platform): Promise<ProductCursor | null> {
  const { updatedAt, id } = (await readJsonBlob(platform.blobs, imagesCursorKey)) ?? {}
  return typeof updatedAt === 'number' && typeof id === 'string'
    ? { updatedAt: new Date(updatedAt), id }
    : null
}

const writeCursor = (platform: Platform, cursor: ProductCursor) =>
  writeJsonBlob(platform.blobs, imagesCursorKey, { updatedAt: cursor.updatedAt.getTime(), id: cursor.id })

const codeOf = (error: unknown) =>
  error instanceof SafeFetchError || error instanceof GlamError
    ? error.code
    : error instanceof Error && 'code' in error && typeof error.code === 'string'
      ? error.code
      : 'FETCH_FAILED'

/** The last path segment as the asset's name (`serum-30ml.jpg`), else `image`. */
function nameOf(url: string) {
  const segment = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '').replace(/[^\w.-]+/g, '-')
  return (segment || 'image').slice(0, 200)
}

/** `/a/<sha256>.<ext>` or `/i/<sha256>?…` on Glam's own public origin: an asset already. */
const ownAsset = /^\/(?:a|i)\/([0-9a-f]{64})(?:[./?]|$)/

/** One address into an asset; resolves with the asset id, throws with a code. */
async function fetchOne(
  platform: Platform,
  url: string,
  shopId: string,
  options: ImagesOptions,
): Promise<string> {
  // A feed that links Glam's own original or variant (the demo shop does) names its asset.
  const parsed = new URL(url)
  const own =
    parsed.origin === new URL(platform.config.publicUrl).origin ? ownAsset.exec(parsed.pathname) : null
  if (own) {
    const asset = (await platform.repos.assets.bySha256(own[1]!)).find(
      (a) => a.visibility === 'public' && a.width !== null,
    )
    if (!asset) throw new GlamError('NOT_FOUND', 'No public image with this hash.')
    return asset.id
  }
  const res = await safeFetch(url, {
    allowHosts: platform.config.fetchAllowHosts,
    maxBytes: rule.maxBytes,
    timeoutMs: 30_000,
    headers: { accept: 'image/avif,image/webp,image/png,image/jpeg,image/gif;q=0.8' },
    ...(options.signal && { signal: options.signal }),
    ...options.fetchInit,
  })
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {})
    throw new GlamError('VALIDATION_FAILED', `HTTP ${res.status}`, { details: { status: res.status } })
  }
  const length = Number(res.headers.get('content-length'))
  const ingested = await ingest(platform, {
    body: res.body,
    rule,
    ...(Number.isFinite(length) && length > 0 && { declaredLength: length }),
  })
  const { assets } = platform.repos
  const existing = (await assets.bySha256(ingested.sha256)).find(
    (a) => a.type === rule.type && a.visibility === 'public',
  )
  if (existing) {
    await discardIngested(platform, ingested)
    return existing.id
  }
  const asset = await storeAsset(platform, ingested, {
    type: rule.type,
    appId: 'portal',
    name: nameOf(url),
    visibility: 'public',
    createdByType: 'shop',
    createdBy: shopId || nilUuid,
    customerId: null,
    influencerId: null,
  })
  return asset.id
}

export async function fetchProductImages(
  platform: Platform,
  options: ImagesOptions = {},
): Promise<ImagesReport> {
  const budget = options.budget ?? 200
  const concurrency = options.concurrency ?? 4
  const deadline = Date.now() + (options.timeMs ?? 45_000)
  const repos = repositoriesOf(platform)
  const log = platform.logger
  const report: ImagesReport = { fetched: 0, failed: 0, read: 0, more: false }
  const purge = new Set<string>()
  const out = () =>
    report.fetched + report.failed >= budget || Date.now() > deadline || options.signal?.aborted

  /** Fetches a batch of addresses (with the products that show each), at most `concurrency` at once. */
  const work = async (jobs: { url: string; shopId: string; products: string[]; attempts: number }[]) => {
    for (let i = 0; i < jobs.length; i += concurrency) {
      await Promise.all(
        jobs.slice(i, i + concurrency).map(async (job) => {
          try {
            const assetId = await fetchOne(platform, job.url, job.shopId, options)
            await repos.productImages.ready(job.url, assetId)
            report.fetched++
            for (const id of job.products) purge.add(`product-${id}`)
          } catch (error) {
            const code = codeOf(error)
            const attempts = job.attempts + 1
            const wait = Math.min(hourMs * 2 ** (attempts - 1), maxBackoffMs)
            await repos.productImages.failed(
              job.url,
              code,
              attempts,
              new Date(platform.clock.now().getTime() + wait),
            )
            report.failed++
            log.warn('portal_images.failed', { host: new URL(job.url).host, code, attempts })
          }
        }),
      )
      options.onProgress?.({ fetched: report.fetched, failed: report.failed })
    }
  }

  // Failed addresses due again first (a few: they failed before).
  const due = await repos.productImages.due(Math.min(20, budget))
  await work(due.map((d) => ({ url: d.url, shopId: '', products: [], attempts: d.attempts })))

  let cursor = await readCursor(platform)
  while (!out()) {
    const rows = await repos.products.changedSince(cursor, pageSize)
    if (!rows.length) break
    report.read += rows.length
    // Addresses on offer in this page, with the products that show each.
    const byUrl = new Map<string, { shopId: string; products: string[] }>()
    for (const row of rows) {
      const url =
        row.status === 'active' && row.shopStatus === 'active'
          ? row.imageUrl && normalizeWebUrl(row.imageUrl)
          : null
      if (!url) continue
      const entry = byUrl.get(url) ?? { shopId: row.shopId, products: [] }
      entry.products.push(row.id)
      byUrl.set(url, entry)
    }
    const known = await repos.productImages.known([...byUrl.keys()])
    const todo = [...byUrl].filter(([url]) => !known.has(url))
    const room = budget - report.fetched - report.failed
    if (todo.length > room) {
      // Fetch what fits and stop before the rest: the cursor stays before this page, and the
      // next run reads it again (the fetched ones are known then).
      await work(todo.slice(0, room).map(([url, e]) => ({ url, ...e, attempts: 0 })))
      report.more = true
      break
    }
    await work(todo.map(([url, e]) => ({ url, ...e, attempts: 0 })))
    if (options.signal?.aborted) {
      report.more = true
      break
    }
    const last = rows[rows.length - 1]!
    cursor = { updatedAt: last.updatedAt, id: last.id }
    await writeCursor(platform, cursor)
    if (rows.length < pageSize) break
    if (out()) report.more = true
  }
  if (purge.size) await purgePages(platform, [...purge])
  if (report.fetched || report.failed) log.info('portal_images.done', { ...report })
  return report
}
