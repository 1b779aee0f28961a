/** Scheduled jobs: who holds each job and what each run did. (Twin: ../sqlite/jobs.ts.) */
import { index, mysqlTable, uniqueIndex, varchar } from 'drizzle-orm/mysql-core'
import { id, json, time } from './columns.ts'

export const jobLeases = mysqlTable('job_leases', {
  job: varchar('job', { length: 64 }).primaryKey(),
  holder: varchar('holder', { length: 128 }).notNull().default(''),
  runId: varchar('run_id', { length: 36 }),
  expiresAt: time('expires_at').notNull(),
  lastTick: time('last_tick'),
  acquiredAt: time('acquired_at'),
})

export const jobRuns = mysqlTable(
  'job_runs',
  {
    id: id(),
    job: varchar('job', { length: 64 }).notNull(),
    scheduledFor: time('scheduled_for'),
    trigger: varchar('trigger', { length: 16, enum: ['schedule', 'manual', 'edge-cron'] }).notNull(),
    triggeredBy: varchar('triggered_by', { length: 128 }),
    holder: varchar('holder', { length: 128 }).notNull(),
    status: varchar('status', {
      length: 16,
      enum: ['running', 'succeeded', 'failed', 'timed_out', 'abandoned'],
    }).notNull(),
    startedAt: time('started_at').notNull(),
    finishedAt: time('finished_at'),
    summary: json<Record<string, unknown>>('summary'),
    error: varchar('error', { length: 2000 }),
  },
  (t) => [
    index('job_runs_job_started_idx').on(t.job, t.startedAt),
    uniqueIndex('job_runs_job_tick_uq').on(t.job, t.scheduledFor),
  ],
)
