/**
 * One run of a registered feed (containers): under the feed's lease (`feeds/<id>`: one run at a
 * time across containers), its URL fetched through the SSRF-safe fetch with the last body's
 * validators (`If-None-Match`, `If-Modified-Since`; a 304 is a run with nothing changed), or the
 * body that was uploaded, then imported into the catalogue (`importFeed`: staged, held or
 * applied). A fetch that fails is a rejected run with `FETCH_FAILED`, recorded like any other.
 */
import { hostname } from 'node:os'
import { FeedError, type FeedFormat, type MappingName } from '@glam/catalog'
import { failedRun, importFeed, notModifiedRun, type RunReport } from '@glam/catalog/import'
import type { Platform } from '@glam/core'
import type { Feed, OnChanges } from '@glam/db/repositories/catalog'
import { type IndexingDeps, indexChanges, runStart } from './search-index.ts'
import { openFeed } from './source.container.ts'

export const feedLeaseName = (feedId: string) => `feeds/${feedId}`
const leaseMs = 30 * 60_000

export type FeedRunResult =
  | { busy: true }
  | { busy: false; skipped: true }
  | { busy: false; skipped?: false; report: RunReport }

/** A fetch failure worth another try: a timeout, a connection error, a 5xx or 429. */
const transient = (err: FeedError) =>
  err.reason === 'FETCH_FAILED' && /^(FETCH_TIMEOUT|FETCH_FAILED)|answered (5\d\d|429)/.test(err.message)

/** What a run needs of the platform: the CLI gives just these. */
export type FeedRunDeps = Pick<Platform, 'repos' | 'config' | 'logger'> & IndexingDeps

export async function runFeed(
  platform: FeedRunDeps,
  feed: Feed,
  options: {
    body?: AsyncIterable<Uint8Array>
    /** What the run names as the body's source (default `upload`), and its file name. */
    source?: string
    fileName?: string
    holder?: string
    /** The scheduler's tick: skip when the feed ran since (another container was first). */
    dueAfter?: Date
    /** Waits before each retry of a transient fetch failure (default 2 s, then 8 s). */
    retryDelaysMs?: readonly number[]
    /** Hosts allowed beside GLAM_FETCH_ALLOW_HOSTS (the demo shop on the port it got). */
    allowHosts?: readonly string[]
    /** Hears what the run changed (product events, link caches: productChanges). */
    onChanges?: OnChanges
  } = {},
): Promise<FeedRunResult> {
  const { repos, config, logger } = platform
  const holder = options.holder ?? `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
  const lease = feedLeaseName(feed.id)
  if (!(await repos.leases.take({ name: lease, holder, ttlMs: leaseMs }))) return { busy: true }
  try {
    if (options.dueAfter) {
      const fresh = await repos.catalog.feed(feed.id)
      if (fresh?.lastRunAt && fresh.lastRunAt >= options.dueAfter) return { busy: false, skipped: true }
    }
    const readOptions = {
      maxBytes: config.feedMaxBytes,
      ...(feed.format && { format: feed.format as FeedFormat }),
      ...(feed.mapping && { mapping: feed.mapping as MappingName }),
      ...(feed.recordPath && { recordPath: feed.recordPath }),
    }
    const base = { repos, shopId: feed.shopId, feedId: feed.id }
    const started = runStart(platform)
    const changes = options.onChanges && { onChanges: options.onChanges }
    let report: RunReport
    /** A body read whole: its validators, for the next conditional GET. */
    let validators: { etag: string | null; lastModified: string | null } | undefined
    if (options.body) {
      report = await importFeed({
        ...base,
        ...changes,
        source: options.source ?? 'upload',
        bytes: options.body,
        options: { ...readOptions, ...(options.fileName && { fileName: options.fileName }) },
      })
    } else {
      const source = feed.url?.replace(/[?#].*$/, '') ?? 'upload'
      try {
        if (!feed.url)
          throw new FeedError('FETCH_FAILED', 'this feed has no URL: upload its file to import it')
        const url = feed.url
        const open = () =>
          openFeed(url, {
            allowHosts: [...config.fetchAllowHosts, ...(options.allowHosts ?? [])],
            timeoutMs: config.feedFetchTimeoutSeconds * 1000,
            maxBytes: config.feedMaxBytes,
            conditional: { etag: feed.etag, lastModified: feed.lastModified },
          })
        const delays = options.retryDelaysMs ?? [2000, 8000]
        let opened: Awaited<ReturnType<typeof open>> | undefined
        for (let attempt = 0; !opened; attempt++) {
          try {
            opened = await open()
          } catch (err) {
            if (!(err instanceof FeedError) || !transient(err) || attempt >= delays.length) throw err
            logger.warn('feeds.fetch.retry', { feedId: feed.id, attempt: attempt + 1, reason: err.message })
            await new Promise((resolve) => setTimeout(resolve, delays[attempt]))
          }
        }
        if (opened.notModified) report = await notModifiedRun({ ...base, source })
        else {
          report = await importFeed({
            ...base,
            ...changes,
            source,
            bytes: opened.bytes,
            options: { ...readOptions, fileName: opened.name },
          })
          if (report.outcome !== 'FEED_REJECTED')
            validators = { etag: opened.etag ?? null, lastModified: opened.lastModified ?? null }
        }
      } catch (err) {
        if (!(err instanceof FeedError)) throw err
        report = await failedRun({ ...base, source }, err)
      }
    }
    await repos.catalog.feedRan(feed.id, validators)
    if (report.outcome === 'IMPORTED' || report.outcome === 'IMPORTED_WITH_ERRORS')
      await indexChanges(platform, started)
    logger.info('feeds.run', {
      feedId: feed.id,
      shopId: feed.shopId,
      runId: report.runId,
      outcome: report.outcome,
      ...report.counts,
      ms: report.durationMs,
    })
    return { busy: false, report }
  } finally {
    await repos.leases.release({ name: lease, holder })
  }
}
