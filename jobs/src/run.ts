/**
 * Runs one job once: takes the lease (skips when another holder has it, or when this tick was
 * already served), records the run, enforces the timeout, renews the lease while it runs.
 */
import type { Platform } from '@glam/core'
import { newId } from '@glam/db/ids'
import { repositoriesOf } from '@glam/db/repositories/index'
import type { JobContext, JobDefinition } from './define.ts'

export type RunOutcome =
  | { status: 'skipped'; reason: string }
  | {
      status: 'succeeded' | 'failed' | 'timed_out'
      runId: string
      summary?: Record<string, unknown>
      error?: string
    }

export interface RunOptions {
  platform: Platform
  trigger: JobContext['trigger']
  /** Who or what started it: a host:pid, a user, a cron expression. */
  triggeredBy: string
  /** The lease holder's identity (host:pid). */
  holder: string
  /** The schedule tick served; omitted for manual runs. */
  tick?: Date
  onProgress?: (fields: Record<string, unknown>) => void
}

class JobTimeout extends Error {}

export async function runJob(job: JobDefinition, options: RunOptions): Promise<RunOutcome> {
  const { platform } = options
  const { jobs } = repositoriesOf(platform)
  const log = platform.logger.child({ job: job.name, trigger: options.trigger })
  const runId = newId()
  const leaseMs = job.leaseMs ?? Math.min(Math.max(job.timeoutMs + 5_000, 10_000), 60_000)
  const acquired = await jobs.acquire({
    job: job.name,
    holder: options.holder,
    runId,
    ttlMs: leaseMs,
    tick: options.tick ?? null,
  })
  if (!acquired) {
    log.debug('job.skipped', { reason: 'lease held or tick served' })
    return { status: 'skipped', reason: 'another run holds the lease, or this tick was already served' }
  }
  await jobs.startRun({
    id: runId,
    job: job.name,
    scheduledFor: options.tick ?? null,
    trigger: options.trigger,
    triggeredBy: options.triggeredBy,
    holder: options.holder,
  })
  log.info('job.started', { runId })
  const controller = new AbortController()
  const renewer = setInterval(async () => {
    const held = await jobs.renew({ job: job.name, runId, ttlMs: leaseMs }).catch(() => false)
    if (!held) controller.abort(new Error('lease lost'))
  }, leaseMs / 3)
  let timer: ReturnType<typeof setTimeout> | undefined
  let timedOut = false
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true
      const error = new JobTimeout(`timed out after ${job.timeoutMs} ms`)
      reject(error)
      controller.abort(error)
    }, job.timeoutMs)
  })
  const ctx: JobContext = {
    platform,
    logger: log,
    signal: controller.signal,
    trigger: options.trigger,
    progress: (fields) => {
      log.info('job.progress', fields)
      options.onProgress?.(fields)
    },
  }
  let outcome: RunOutcome
  try {
    const summary = (await Promise.race([job.run(ctx), timeout])) ?? {}
    // A job that returns as soon as it sees the abort still ran out of time.
    outcome = timedOut
      ? { status: 'timed_out', runId, error: `timed out after ${job.timeoutMs} ms` }
      : { status: 'succeeded', runId, summary }
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err)
    outcome = { status: err instanceof JobTimeout ? 'timed_out' : 'failed', runId, error }
  } finally {
    clearTimeout(timer)
    clearInterval(renewer)
  }
  await jobs.finishRun(runId, {
    status: outcome.status,
    summary: 'summary' in outcome ? outcome.summary : null,
    error: 'error' in outcome ? outcome.error : null,
  })
  await jobs.release({ job: job.name, runId })
  const level = outcome.status === 'succeeded' ? 'info' : 'error'
  log[level]('job.finished', {
    runId,
    status: outcome.status,
    ...('error' in outcome && { error: outcome.error }),
  })
  return outcome
}
