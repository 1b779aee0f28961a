/**
 * @module @glam/jobs
 * Scheduled work: job definitions, the lease-guarded runner, the croner scheduler for
 * containers and the cron-trigger dispatch for the edge.
 *
 * ```ts
 * const scheduler = startScheduler(platform, jobCatalogue, holder) // jobCatalogue: @glam/platform/functions
 * await runJob(findJob('purge-expired', jobCatalogue)!, { platform, trigger: 'manual', triggeredBy: 'cli', holder })
 * ```
 */
export { findJob } from './catalogue.ts'
export { defineJob, type JobContext, type JobDefinition } from './define.ts'
export { type RunOptions, type RunOutcome, runJob } from './run.ts'
export { runCronTrigger, type Scheduler, startScheduler } from './scheduler.ts'
