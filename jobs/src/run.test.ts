// The lease-guarded runner on every SQL engine: once per tick, no overlap, crashed runs'
// leases expire, timeouts abort and are recorded.
import { createMemoryLogger } from '@glam/core'
import type { SqlDatabase } from '@glam/db'
import { createRepositories } from '@glam/db'
import { createLocalPlatform } from '@glam/platform/local'
import { type TestEngine, testEngines } from '@glam/testing/databases'
import { testConfig } from '@glam/testing/platform'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defineJob } from './define.ts'
import { runJob } from './run.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe.each(testEngines().map((e) => [e.name, e] as [string, TestEngine]))(
  'runJob on %s',
  (_name, engine) => {
    let database: SqlDatabase
    let platform: ReturnType<typeof createLocalPlatform>
    const repos = () => createRepositories({ database, now: () => new Date(), masterKey: 'k'.repeat(40) })
    const job = (name: string, run: Parameters<typeof defineJob>[0]['run'], timeoutMs = 5_000) =>
      defineJob({
        name,
        description: name,
        schedule: '* * * * *',
        timezone: 'UTC',
        timeoutMs,
        edge: true,
        run,
      })
    const manual = { trigger: 'manual' as const, triggeredBy: 'test', holder: 'test:1' }

    // D1 is driven through Miniflare's binding proxy from Node, which now and then (about one CI
    // run in ten) pairs a reply with the wrong request and stays broken for that instance. On D1,
    // each test therefore gets its own Miniflare and one retry; the assertions are the same.
    const fresh = engine.name === 'd1'
    const open = async () => {
      database = await engine.open()
      platform = createLocalPlatform('node', testConfig(), { database, logger: createMemoryLogger().logger })
    }
    const close = () => database?.close()
    if (fresh) {
      beforeEach(open)
      afterEach(close)
    } else {
      beforeAll(open)
      afterAll(close)
    }
    const options = { retry: fresh ? 1 : 0 }

    it('records a successful run with its summary and progress', options, async () => {
      const progress: unknown[] = []
      const outcome = await runJob(
        job('ok-job', async (ctx) => {
          ctx.progress({ step: 1 })
          return { done: 3 }
        }),
        { platform, ...manual, onProgress: (p) => progress.push(p) },
      )
      expect(outcome).toMatchObject({ status: 'succeeded', summary: { done: 3 } })
      expect(progress).toEqual([{ step: 1 }])
      const run = await repos().jobs.lastRun('ok-job')
      expect(run).toMatchObject({
        status: 'succeeded',
        trigger: 'manual',
        triggeredBy: 'test',
        summary: { done: 3 },
      })
      expect(run!.finishedAt).not.toBeNull()
    })

    it('never overlaps two runs of one job', options, async () => {
      let release!: () => void
      const slow = job('slow-job', () => new Promise((r) => (release = () => r({}))))
      const first = runJob(slow, { platform, ...manual, holder: 'a:1' })
      await expect.poll(async () => (await repos().jobs.lastRun('slow-job'))?.status).toBe('running')
      expect(await runJob(slow, { platform, ...manual, holder: 'b:2' })).toMatchObject({ status: 'skipped' })
      release()
      expect(await first).toMatchObject({ status: 'succeeded' })
      // The lease is free again once the first run ended: the other holder runs it now.
      const previous = release
      const second = runJob(slow, { platform, ...manual, holder: 'b:2' })
      await expect.poll(() => release !== previous, { timeout: 10_000 }).toBe(true)
      release()
      expect(await second).toMatchObject({ status: 'succeeded' })
    })

    it('serves a schedule tick once, whoever asks', options, async () => {
      const counted = job('tick-job', async () => ({}))
      const tick = new Date('2026-06-01T10:00:00.000Z')
      const outcomes = await Promise.all(
        ['a:1', 'b:2', 'c:3'].map((holder) =>
          runJob(counted, { platform, trigger: 'schedule', triggeredBy: 'cron', holder, tick }),
        ),
      )
      expect(outcomes.filter((o) => o.status === 'succeeded')).toHaveLength(1)
      const again = await runJob(counted, {
        platform,
        trigger: 'schedule',
        triggeredBy: 'cron',
        holder: 'd:4',
        tick,
      })
      expect(again.status).toBe('skipped')
      const next = await runJob(counted, {
        platform,
        trigger: 'schedule',
        triggeredBy: 'cron',
        holder: 'd:4',
        tick: new Date(tick.getTime() + 60_000),
      })
      expect(next.status).toBe('succeeded')
    })

    it(
      "lets a crashed run's lease expire; the next run takes over and marks the old one abandoned",
      options,
      async () => {
        const { jobs } = repos()
        // A holder that took the lease and died without releasing it.
        expect(
          await jobs.acquire({
            job: 'crashy',
            holder: 'dead:9',
            runId: 'run-of-dead-holder-0000000000000001',
            ttlMs: 2_000,
          }),
        ).toBe(true)
        await jobs.startRun({
          id: 'run-of-dead-holder-0000000000000001',
          job: 'crashy',
          scheduledFor: null,
          trigger: 'manual',
          triggeredBy: 'test',
          holder: 'dead:9',
        })
        const crashy = job('crashy', async () => ({ ok: true }))
        expect(await runJob(crashy, { platform, ...manual })).toMatchObject({ status: 'skipped' })
        await sleep(2_100)
        expect(await runJob(crashy, { platform, ...manual })).toMatchObject({ status: 'succeeded' })
        const runs = await jobs.runs('crashy')
        expect(runs.items.find((r) => r.id === 'run-of-dead-holder-0000000000000001')).toMatchObject({
          status: 'abandoned',
        })
      },
    )

    it('aborts a run over its timeout and records it as timed out', options, async () => {
      let aborted = false
      const stuck = job(
        'stuck-job',
        (ctx) =>
          new Promise((resolve) => {
            ctx.signal.addEventListener('abort', () => {
              aborted = true
              resolve({})
            })
          }),
        200,
      )
      const outcome = await runJob(stuck, { platform, ...manual })
      expect(outcome).toMatchObject({ status: 'timed_out', error: 'timed out after 200 ms' })
      expect(aborted).toBe(true)
      expect(await repos().jobs.lastRun('stuck-job')).toMatchObject({ status: 'timed_out' })
      // The lease was released: the job can run again at once.
      expect(
        (
          await runJob(
            job('stuck-job', async () => ({})),
            { platform, ...manual },
          )
        ).status,
      ).toBe('succeeded')
    })

    it('records a failing run with its error', options, async () => {
      const failing = job('failing-job', async () => {
        throw new Error('feed server answered 500')
      })
      expect(await runJob(failing, { platform, ...manual })).toMatchObject({
        status: 'failed',
        error: 'feed server answered 500',
      })
      expect(await repos().jobs.lastRun('failing-job')).toMatchObject({
        status: 'failed',
        error: 'feed server answered 500',
      })
    })
  },
)
