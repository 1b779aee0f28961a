/**
 * The container scheduler: croner fires each job on its schedule in every container; the
 * lease makes only one of them run it per tick.
 */
import type { Platform } from '@glam/core'
import { Cron } from 'croner'
import type { JobDefinition } from './define.ts'
import { runJob } from './run.ts'

export interface Scheduler {
  stop(): Promise<void>
  /** Runs in progress, for a clean shutdown. */
  readonly running: number
}

export function startScheduler(
  platform: Platform,
  jobs: readonly JobDefinition[],
  holder: string,
): Scheduler {
  const inFlight = new Set<Promise<unknown>>()
  const crons = jobs.map(
    (job) =>
      new Cron(
        job.schedule,
        { timezone: job.timezone, protect: true, unref: true, name: job.name },
        async (self) => {
          const tick = self.currentRun() ?? new Date()
          const run = runJob(job, {
            platform,
            trigger: 'schedule',
            triggeredBy: `cron ${job.schedule}`,
            holder,
            tick,
          }).catch((error) => platform.logger.error('job.crashed', { job: job.name, error }))
          inFlight.add(run)
          await run.finally(() => inFlight.delete(run))
        },
      ),
  )
  platform.logger.info('scheduler.started', { jobs: jobs.map((j) => j.name), holder })
  return {
    get running() {
      return inFlight.size
    },
    async stop() {
      for (const cron of crons) cron.stop()
      await Promise.allSettled([...inFlight])
    },
  }
}

/** The edge path: a worker's cron trigger runs the edge-safe jobs scheduled on that expression. */
export async function runCronTrigger(
  platform: Platform,
  jobs: readonly JobDefinition[],
  cron: string,
  scheduledTime: number,
) {
  const due = jobs.filter((j) => j.edge && j.schedule === cron)
  const tick = new Date(Math.floor(scheduledTime / 1000) * 1000)
  return Promise.all(
    due.map((job) =>
      runJob(job, { platform, trigger: 'edge-cron', triggeredBy: `cron ${cron}`, holder: 'workerd', tick }),
    ),
  )
}
