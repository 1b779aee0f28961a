/**
 * A feed run into the catalogue, never damaging it: the valid rows are staged while the feed is
 * read; a run that is `FEED_REJECTED` or `EMPTY_FEED` stages nothing that stays and changes
 * nothing; one whose valid rows drop by more than `holdShare` (30%) of the shop's last applied run
 * is `HELD_FOR_REVIEW` (staged, counted, not applied) until staff release or discard it; any other
 * run is applied: only rows whose content hash changed are written, and the shop's products the
 * feed no longer has are deactivated.
 */
import { createHash } from 'node:crypto'
import type { ApplyCounts, CatalogRow, OnChanges, StagedRow } from '@glam/db/repositories/catalog'
import type { Repositories } from '@glam/db/repositories/index'
import type { FeedError } from './reasons.ts'
import type { FeedProduct } from './schema.ts'
import { taxonomyResolver } from './taxonomy.ts'
import { emptyReport, type FeedOptions, type FeedReport, rejectedReport, validateFeed } from './validate.ts'

export type RunOutcome = FeedReport['outcome'] | 'HELD_FOR_REVIEW'

export interface RunReport extends Omit<FeedReport, 'outcome' | 'feedErrors'> {
  outcome: RunOutcome
  feedErrors: {
    reason: FeedReport['feedErrors'][number]['reason'] | 'HELD_FOR_REVIEW'
    line?: number
    message: string
  }[]
  runId: string
  shopId: string
  /** Applied (or, for a held run, what applying would do). */
  changes?: { priceDrops: number; backInStock: number }
  /** Peak resident memory of the process at the end of the run, in MB. */
  peakRssMb?: number
}

export const defaultHoldShare = 0.3
const stageBatch = 1_000

/** A product's place in the platform taxonomy, from its category or the shop's mapping. */
export type TaxonomyOf = (category: string | null, productType: string | null) => number | null

/** The `products` columns of a feed product. */
export function catalogRow(p: FeedProduct, taxonomyOf: TaxonomyOf = () => null): CatalogRow {
  return {
    sku: p.id,
    title: p.title,
    brand: p.brand ?? null,
    url: p.link,
    imageUrl: p.imageLink,
    priceMinor: p.price.minor,
    salePriceMinor: p.salePrice?.minor ?? null,
    currency: p.price.currency,
    availability: p.availability,
    gtin: p.gtin ?? null,
    mpn: p.mpn ?? null,
    itemGroupId: p.itemGroupId ?? null,
    description: p.description ?? null,
    descriptionText: p.descriptionText ?? null,
    category: p.googleProductCategory ?? null,
    productType: p.productType ?? null,
    taxonomyId: taxonomyOf(p.googleProductCategory ?? null, p.productType ?? null),
    stock: p.stock ?? null,
    additionalImages: p.additionalImageLinks,
    condition: p.condition,
  }
}

/** SHA-256 of the row as written (one key order, from catalogRow): equal rows, equal hashes. */
export const contentHash = (row: CatalogRow) => createHash('sha256').update(JSON.stringify(row)).digest('hex')

function withCounts(report: RunReport, counts: ApplyCounts) {
  report.counts = {
    ...report.counts,
    created: counts.created,
    updated: counts.updated,
    unchanged: counts.unchanged,
    deactivated: counts.deactivated,
  }
  report.changes = { priceDrops: counts.priceDrops, backInStock: counts.backInStock }
}

export async function importFeed(input: {
  repos: Repositories
  shopId: string
  /** What the run record names as its source: a URL without its query, a file name, `upload`. */
  source: string
  /** The feed it runs for, when it is one of the shop's registered feeds. */
  feedId?: string
  bytes: AsyncIterable<Uint8Array> | Iterable<Uint8Array>
  options?: FeedOptions
  holdShare?: number
  /** Resolves each row's taxonomy id (default: none). */
  taxonomyOf?: TaxonomyOf
  /** Hears of every existing product whose price, availability or status the run changed. */
  onChanges?: OnChanges
}): Promise<RunReport> {
  const { repos, shopId } = input
  const catalog = repos.catalog
  const started = performance.now()
  const runId = await catalog.startRun({
    shopId,
    source: input.source,
    ...(input.feedId && { feedId: input.feedId }),
  })
  const taxonomyOf = input.taxonomyOf ?? (await taxonomyResolver(repos, shopId))
  // Staged a thousand rows at a time: fewer, larger statements than the readers' chunks.
  let batch: StagedRow[] = []
  const stage = async () => {
    const rows = batch
    batch = []
    if (rows.length) await catalog.stage(runId, rows, shopId)
  }
  const feed = await validateFeed(input.bytes, input.options ?? {}, async (rows) => {
    for (const { product } of rows) {
      const row = catalogRow(product, taxonomyOf)
      batch.push({ contentHash: contentHash(row), row })
    }
    if (batch.length >= stageBatch) await stage()
  })
  await stage()
  const report: RunReport = { ...feed, runId, shopId }
  const finish = async (status: 'applied' | 'held' | 'rejected') => {
    // The whole run: reading, staging and applying.
    report.durationMs = Math.round(performance.now() - started)
    report.peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024)
    await catalog.finishRun(runId, {
      status,
      outcome: report.outcome,
      report: report as unknown as Record<string, unknown>,
      validRows: report.counts.valid,
    })
    return report
  }
  if (feed.outcome === 'FEED_REJECTED' || feed.outcome === 'EMPTY_FEED') {
    await catalog.dropStaged(runId)
    return finish('rejected')
  }
  const last = await catalog.lastApplied(shopId, input.feedId ?? null)
  const share = input.holdShare ?? defaultHoldShare
  if (last?.validRows && feed.counts.valid < last.validRows * (1 - share)) {
    report.outcome = 'HELD_FOR_REVIEW'
    report.feedErrors.push({
      reason: 'HELD_FOR_REVIEW',
      message: `valid rows fell from ${last.validRows} (run ${last.id}) to ${feed.counts.valid}, more than ${Math.round(share * 100)}%: held until staff release or discard it`,
    })
    withCounts(report, await catalog.plan(runId, shopId))
    return finish('held')
  }
  withCounts(report, await catalog.apply(runId, shopId, input.onChanges))
  await finish('applied')
  await catalog.dropStaged(runId)
  return report
}

interface RunOf {
  repos: Repositories
  shopId: string
  feedId: string
  source: string
}

/** A run that read no rows, recorded with its report: a 304, or a source that failed. */
async function recordedRun(
  input: RunOf,
  report: Omit<RunReport, 'runId' | 'shopId'>,
  status: 'applied' | 'rejected',
): Promise<RunReport> {
  const { catalog } = input.repos
  const runId = await catalog.startRun({ shopId: input.shopId, source: input.source, feedId: input.feedId })
  const recorded: RunReport = { ...report, runId, shopId: input.shopId }
  await catalog.finishRun(runId, {
    status,
    outcome: recorded.outcome,
    report: recorded as unknown as Record<string, unknown>,
    validRows: recorded.counts.valid,
  })
  return recorded
}

/**
 * A conditional GET that answered 304: a run with nothing changed, as the last applied one had it
 * (every row unchanged, nothing deactivated).
 */
export async function notModifiedRun(input: RunOf): Promise<RunReport> {
  const valid = (await input.repos.catalog.lastApplied(input.shopId, input.feedId))?.validRows ?? 0
  const report = emptyReport('IMPORTED')
  return recordedRun(
    input,
    {
      ...report,
      counts: { ...report.counts, valid, unchanged: valid },
      feed: { notModified: true },
      changes: { priceDrops: 0, backInStock: 0 },
    },
    'applied',
  )
}

/** A run whose source could not be fetched: rejected, with the reason, before any row. */
export const failedRun = (input: RunOf, err: FeedError): Promise<RunReport> =>
  recordedRun(input, rejectedReport(err), 'rejected')

/** Applies a held run (staff looked and agree); its report's counts become what was done. */
export async function releaseRun(
  repos: Repositories,
  runId: string,
  onChanges?: OnChanges,
): Promise<RunReport | null | 'stale'> {
  const run = await repos.catalog.run(runId)
  if (run?.status !== 'held') return null
  // A newer run of the same feed was applied: releasing this one would put older data back.
  const last = await repos.catalog.lastApplied(run.shopId, run.feedId)
  const newer = (a: { startedAt: Date; id: string }, b: { startedAt: Date; id: string }) =>
    a.startedAt.getTime() > b.startedAt.getTime() ||
    (a.startedAt.getTime() === b.startedAt.getTime() && a.id > b.id)
  if (last && newer(last, run)) return 'stale'
  const report = run.report as unknown as RunReport
  withCounts(report, await repos.catalog.apply(runId, run.shopId, onChanges))
  report.outcome =
    run.outcome === 'HELD_FOR_REVIEW'
      ? report.counts.invalid > 0
        ? 'IMPORTED_WITH_ERRORS'
        : 'IMPORTED'
      : report.outcome
  await repos.catalog.setStatus(runId, 'applied', report as unknown as Record<string, unknown>)
  await repos.catalog.dropStaged(runId)
  return report
}

/** Drops a held run: the catalogue stays as it is. */
export async function discardRun(repos: Repositories, runId: string): Promise<boolean> {
  const run = await repos.catalog.run(runId)
  if (run?.status !== 'held') return false
  await repos.catalog.dropStaged(runId)
  await repos.catalog.setStatus(runId, 'discarded')
  return true
}
