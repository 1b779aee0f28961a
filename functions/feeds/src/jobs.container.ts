/**
 * `feeds-due` (containers, every minute): the registered feeds whose cron schedule ticked since
 * they last ran, each run once (its lease, and a re-check under it, keep a second container or a
 * manual import from running it again), at most `GLAM_FEED_CONCURRENCY` at a time, so 52 feeds on
 * the same minute neither starve each other nor the machine.
 */
import { defineJob, type JobContext } from '@glam/core'
import type { Feed } from '@glam/db/repositories/catalog'
import { Cron } from 'croner'
import pLimit from 'p-limit'
import { productChanges } from './changes.ts'
import { runFeed } from './run-feed.container.ts'

/** The last tick of the feed's schedule at `now`, or null for a feed that is not scheduled. */
export function lastTick(feed: Feed, now: Date): Date | null {
  if (!feed.schedule || feed.status !== 'active' || !feed.url) return null
  try {
    return new Cron(feed.schedule, { timezone: feed.timezone, paused: true }).previousRuns(1, now)[0] ?? null
  } catch {
    return null
  }
}

export async function runDueFeeds(
  ctx: Pick<JobContext, 'platform' | 'signal' | 'progress'>,
  options: { retryDelaysMs?: readonly number[] } = {},
) {
  const { platform } = ctx
  const now = platform.clock.now()
  const feeds = await platform.repos.catalog.feeds()
  const due = feeds
    .map((feed) => ({ feed, tick: lastTick(feed, now) }))
    .filter(
      (d): d is { feed: Feed; tick: Date } =>
        d.tick !== null && (!d.feed.lastRunAt || d.feed.lastRunAt < d.tick),
    )
  const limit = pLimit(Math.max(1, platform.config.feedConcurrency))
  const outcomes: Record<string, number> = {}
  let busy = 0
  let skipped = 0
  await Promise.all(
    due.map(({ feed, tick }) =>
      limit(async () => {
        if (ctx.signal.aborted) return
        try {
          const result = await runFeed(platform, feed, {
            dueAfter: tick,
            onChanges: productChanges(platform),
            ...options,
          })
          if (result.busy) busy++
          else if (!('report' in result)) skipped++
          else outcomes[result.report.outcome] = (outcomes[result.report.outcome] ?? 0) + 1
        } catch (error) {
          outcomes.ERROR = (outcomes.ERROR ?? 0) + 1
          platform.logger.error('feeds.run.failed', { feedId: feed.id, error })
        }
        ctx.progress({
          done: Object.values(outcomes).reduce((a, b) => a + b, 0) + busy + skipped,
          of: due.length,
        })
      }),
    ),
  )
  return { due: due.length, busy, skipped, ...outcomes }
}

export const feedsDueJob = defineJob({
  name: 'feeds-due',
  description: 'Runs the registered feeds whose schedule is due, a few at a time.',
  schedule: '* * * * *',
  timezone: 'UTC',
  timeoutMs: 55 * 60_000,
  edge: false,
  run: (ctx) => runDueFeeds(ctx),
})
