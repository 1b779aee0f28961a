import { and, desc, eq, isNull, lt, or } from 'drizzle-orm'
import { newId } from '../ids.ts'
import { pageSize, type RepoContext, toPage } from './context.ts'

type T = RepoContext['database']['t']
export type JobRun = T['jobRuns']['$inferSelect']
export type JobLease = T['jobLeases']['$inferSelect']

/**
 * Leases: one row per job, taken by an atomic compare-and-set UPDATE (no transaction needed,
 * so it works on D1 too). A lease is free when it has expired; a schedule tick is served once
 * because taking the lease for tick T also requires the last tick taken to be before T.
 */
export function jobsRepository({ database, now }: RepoContext) {
  const { db, t, ops } = database
  const lease = async (job: string) =>
    (await db.select().from(t.jobLeases).where(eq(t.jobLeases.job, job)).limit(1))[0] ?? null
  return {
    lease,
    async acquire(input: {
      job: string
      holder: string
      runId: string
      ttlMs: number
      tick?: Date | null
    }): Promise<boolean> {
      const at = now()
      await ops.insertIgnore(t.jobLeases, [{ job: input.job, holder: '', expiresAt: new Date(0) }])
      const previous = await lease(input.job)
      const result = await db
        .update(t.jobLeases)
        .set({
          holder: input.holder,
          runId: input.runId,
          expiresAt: new Date(at.getTime() + input.ttlMs),
          acquiredAt: at,
          ...(input.tick && { lastTick: input.tick }),
        })
        .where(
          and(
            eq(t.jobLeases.job, input.job),
            lt(t.jobLeases.expiresAt, at),
            input.tick ? or(isNull(t.jobLeases.lastTick), lt(t.jobLeases.lastTick, input.tick)) : undefined,
          ),
        )
      const acquired = ops.affectedRows(result) === 1
      // The previous holder's lease expired while its run was still marked running: it crashed.
      if (acquired && previous?.runId) {
        await db
          .update(t.jobRuns)
          .set({
            status: 'abandoned',
            finishedAt: at,
            error: 'lease expired before the run finished (process died?)',
          })
          .where(and(eq(t.jobRuns.id, previous.runId), eq(t.jobRuns.status, 'running')))
      }
      return acquired
    },
    /** Extends a lease still held by this run; false means it was lost. */
    async renew(input: { job: string; runId: string; ttlMs: number }): Promise<boolean> {
      const result = await db
        .update(t.jobLeases)
        .set({ expiresAt: new Date(now().getTime() + input.ttlMs) })
        .where(and(eq(t.jobLeases.job, input.job), eq(t.jobLeases.runId, input.runId)))
      return ops.affectedRows(result) === 1
    },
    async release(input: { job: string; runId: string }) {
      await db
        .update(t.jobLeases)
        // Expired strictly before now, so the next acquire (`expiresAt < now`) wins even within the same millisecond.
        .set({ expiresAt: new Date(now().getTime() - 1), holder: '' })
        .where(and(eq(t.jobLeases.job, input.job), eq(t.jobLeases.runId, input.runId)))
    },
    async startRun(
      run: Omit<JobRun, 'id' | 'startedAt' | 'finishedAt' | 'status' | 'summary' | 'error'> & { id?: string },
    ) {
      const row: JobRun = {
        ...run,
        id: run.id ?? newId(),
        status: 'running',
        startedAt: now(),
        finishedAt: null,
        summary: null,
        error: null,
      }
      await db.insert(t.jobRuns).values(row)
      return row
    },
    async finishRun(
      id: string,
      outcome: { status: JobRun['status']; summary?: Record<string, unknown> | null; error?: string | null },
    ) {
      await db
        .update(t.jobRuns)
        .set({
          status: outcome.status,
          summary: outcome.summary ?? null,
          error: outcome.error?.slice(0, 2000) ?? null,
          finishedAt: now(),
        })
        .where(eq(t.jobRuns.id, id))
    },
    async runs(job: string, options: { limit?: number; cursor?: string } = {}) {
      const size = pageSize(options.limit)
      const rows = await db
        .select()
        .from(t.jobRuns)
        .where(and(eq(t.jobRuns.job, job), options.cursor ? lt(t.jobRuns.id, options.cursor) : undefined))
        .orderBy(desc(t.jobRuns.id))
        .limit(size + 1)
      return toPage(rows, size)
    },
    async lastRun(job: string, status?: JobRun['status']): Promise<JobRun | null> {
      const [row] = await db
        .select()
        .from(t.jobRuns)
        .where(and(eq(t.jobRuns.job, job), status ? eq(t.jobRuns.status, status) : undefined))
        .orderBy(desc(t.jobRuns.id))
        .limit(1)
      return row ?? null
    },
    async deleteRunsBefore(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.jobRuns).where(lt(t.jobRuns.startedAt, before)))
    },
    /** Lease rows of jobs that have not run for a long time (removed from the code). */
    async deleteLeasesExpiredBefore(before: Date): Promise<number> {
      return ops.affectedRows(await db.delete(t.jobLeases).where(lt(t.jobLeases.expiresAt, before)))
    },
  }
}
