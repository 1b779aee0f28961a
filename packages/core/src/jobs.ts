import type { Logger } from './logger.ts'
import type { Platform } from './platform.ts'

export interface JobContext {
  platform: Platform
  logger: Logger
  /** Aborted when the run times out or its lease is lost: stop work and return. */
  signal: AbortSignal
  /** Report progress (shown by the CLI, logged). */
  progress(fields: Record<string, unknown>): void
  trigger: 'schedule' | 'manual' | 'edge-cron'
}

export interface JobDefinition {
  /** kebab-case, unique. */
  name: string
  description: string
  /** Cron expression (croner syntax; seconds optional). */
  schedule: string
  /** IANA timezone the schedule is read in. */
  timezone: string
  timeoutMs: number
  /** How long a lease lasts before it must be renewed (renewed every third of it while running). */
  leaseMs?: number
  /** Safe to run in a worker's cron trigger (no Node APIs, short). */
  edge: boolean
  /** Returns a summary that is stored with the run. */
  run(ctx: JobContext): Promise<Record<string, unknown> | undefined>
}

const namePattern = /^[a-z][a-z0-9-]{1,63}$/

/** Checks a definition once, when it is declared. */
export function defineJob(job: JobDefinition): JobDefinition {
  if (!namePattern.test(job.name)) throw new Error(`job name ${job.name} must be kebab-case`)
  if (job.timeoutMs <= 0) throw new Error(`job ${job.name}: timeoutMs must be positive`)
  try {
    new Intl.DateTimeFormat('en', { timeZone: job.timezone })
  } catch {
    throw new Error(`job ${job.name}: unknown timezone ${job.timezone}`)
  }
  return Object.freeze({ ...job })
}
