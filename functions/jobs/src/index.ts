/**
 * @module @glam/jobs-api
 * The jobs over HTTP, for operators (platform-wide API key with `jobs:read`):
 * `GET /api/jobs` lists every job with its schedule, next tick and last run;
 * `GET /api/jobs/:name/runs` pages through a job's recorded runs, newest first.
 */
import { requirePlatformCaller } from '@glam/auth'
import { type AppEnv, cursorParam, defineFunction, GlamError, validationHook } from '@glam/core'
import { repositoriesOf } from '@glam/db/repositories/index'
import { findJob } from '@glam/jobs/catalogue'
import type { JobDefinition } from '@glam/jobs/define'
import { purgeExpired } from '@glam/jobs/purge-expired'
import { zValidator } from '@hono/zod-validator'
import { Cron } from 'croner'
import { Hono } from 'hono'
import { z } from 'zod'
import { jobsOpenapi } from './openapi.ts'

const pageQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(64).optional(),
})

/** `jobs`: every listed function's jobs (the platform derives them from the manifests). */
export function createJobsApp(jobs: readonly JobDefinition[]) {
  return new Hono<AppEnv>()
    .use('*', requirePlatformCaller('jobs:read'))
    .get('/', async (c) => {
      const repos = repositoriesOf(c.var.platform)
      const now = c.var.platform.clock.now()
      const items = await Promise.all(
        jobs.map(async (job) => ({
          name: job.name,
          description: job.description,
          schedule: job.schedule,
          timezone: job.timezone,
          timeoutMs: job.timeoutMs,
          edge: job.edge,
          nextRunAt:
            new Cron(job.schedule, { timezone: job.timezone, paused: true }).nextRun(now)?.toISOString() ??
            null,
          lastRun: await repos.jobs.lastRun(job.name),
        })),
      )
      return c.json({ items })
    })
    .get('/:name/runs', zValidator('query', pageQuery, validationHook), async (c) => {
      const job = findJob(c.req.param('name'), jobs)
      if (!job) throw new GlamError('NOT_FOUND', `No job named ${c.req.param('name')}.`)
      const { limit } = c.req.valid('query')
      const cursor = cursorParam(c.req.valid('query').cursor)
      return c.json(
        await repositoriesOf(c.var.platform).jobs.runs(job.name, { limit, ...(cursor && { cursor }) }),
      )
    })
}

/** The jobs API over every listed function's jobs, and the purge of what has expired. */
export const jobsFunction = defineFunction({
  name: 'jobs',
  description: 'Scheduled jobs and their runs under `/api/jobs`; the hourly purge of expired records.',
  mounts: [{ path: '/api/jobs', app: ({ jobs }) => createJobsApp(jobs) }],
  claims: ['/api/jobs/*'],
  runtimes: ['edge', 'container'],
  jobs: [purgeExpired],
  openapi: jobsOpenapi,
  tables: ['job_runs', 'job_leases'],
})
