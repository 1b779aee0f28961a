/** Scheduled jobs: who holds each job and what each run did. (Twin: ../mysql/jobs.ts.) */
import { index, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core'
import { id, time } from './columns.ts'

/** One row per job: who may run it now, until when, and the last schedule tick taken. */
export const jobLeases = sqliteTable('job_leases', {
  job: text('job', { length: 64 }).primaryKey(),
  holder: text('holder', { length: 128 }).notNull().default(''),
  runId: text('run_id', { length: 36 }),
  expiresAt: time('expires_at').notNull(),
  lastTick: time('last_tick'),
  acquiredAt: time('acquired_at'),
})

export const jobRuns = sqliteTable(
  'job_runs',
  {
    id: id(),
    job: text('job', { length: 64 }).notNull(),
    /** The schedule tick this run serves; null for manual runs. */
    scheduledFor: time('scheduled_for'),
    trigger: text('trigger', { length: 16, enum: ['schedule', 'manual', 'edge-cron'] }).notNull(),
    triggeredBy: text('triggered_by', { length: 128 }),
    holder: text('holder', { length: 128 }).notNull(),
    status: text('status', {
      length: 16,
      enum: ['running', 'succeeded', 'failed', 'timed_out', 'abandoned'],
    }).notNull(),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    summary: text('summary', { mode: 'json' }).$type<Record<string, unknown>>(),
    error: text('error', { length: 2000 }),
  },
  (t) => [
    index('job_runs_job_started_idx').on(t.job, t.startedAt),
    uniqueIndex('job_runs_job_tick_uq').on(t.job, t.scheduledFor),
  ],
)
