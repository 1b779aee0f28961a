// HTTP suite of the jobs API, run on Node, workerd and Deno by the conformance harness.
// The API only reads: jobs run on their schedule (Node and Deno: the in-process scheduler; the
// worker: cron triggers), never on an HTTP request, so whether a run is recorded yet depends on
// the clock. The cases check what holds either way.
import { expectError } from '@glam/testing/expect-error'
import { loginBearer } from '@glam/testing/login-token'
import { allRuntimes, defineHttpSuite } from '@glam/testing/suite'
import { expect } from 'vitest'

const admin = { authorization: 'Bearer glam_dev_admin' }

type Run = { id: string; job: string; status: string; trigger: string }
type Job = {
  name: string
  description: string
  schedule: string
  timezone: string
  timeoutMs: number
  edge: boolean
  nextRunAt: string | null
  lastRun: Run | null
}

export const jobsSuite = defineHttpSuite({
  name: 'jobs',
  runtimes: allRuntimes,
  cases: [
    {
      name: 'GET /api/jobs lists every job of the manifests with schedule, zone and next tick',
      async run(t) {
        const before = Date.now()
        const res = await t.fetch('/api/jobs', { headers: admin })
        expect(res.status).toBe(200)
        expect(res.headers.get('content-type')).toMatch(/^application\/json/)
        const { items } = (await res.json()) as { items: Job[] }
        expect(items.map((j) => [j.name, j.schedule, j.timezone, j.edge])).toEqual([
          ['health-probe', '* * * * *', 'UTC', true],
          ['rotate-signing-key', '5 3 1 * *', 'UTC', true],
          ['purge-expired', '17 * * * *', 'UTC', true],
          ['events-rollups-repair', '17 * * * *', 'UTC', true],
          ['assets-gc', '17 3 * * *', 'UTC', false],
          ['search-sync', '* * * * *', 'UTC', true],
          ['newsletter-sends', '* * * * *', 'UTC', true],
          ['alerts-send', '* * * * *', 'UTC', true],
          ['alerts-digest', '0 7 * * *', 'UTC', true],
          ['portal-sitemaps', '* * * * *', 'UTC', true],
          // Container-only functions' jobs: where containers run (Node, Deno), not on the worker.
          ...(t.runtime === 'workerd'
            ? []
            : [
                ['feeds-due', '* * * * *', 'UTC', false],
                ['webhook-deliveries', '* * * * *', 'UTC', false],
                ['webhook-campaigns-ended', '* * * * *', 'UTC', false],
                ['portal-images', '* * * * *', 'UTC', false],
                ['backup', '30 2 * * *', 'UTC', false],
                ['restore-test', '30 4 * * *', 'UTC', false],
              ]),
        ])
        for (const job of items) {
          expect(job.description).toEqual(expect.any(String))
          expect(job.timeoutMs).toBeGreaterThan(0)
          // The next tick is on a whole minute, ahead of the server's clock.
          expect(job.nextRunAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:00\.000Z$/)
          expect(Date.parse(job.nextRunAt!)).toBeGreaterThan(before - 5_000)
          if (job.lastRun) expect(job.lastRun).toMatchObject({ job: job.name, trigger: 'schedule' })
        }
        const probe = items.find((j) => j.name === 'health-probe')!
        expect(Date.parse(probe.nextRunAt!)).toBeLessThanOrEqual(Date.now() + 61_000)
        expect(items.find((j) => j.name === 'purge-expired')!.nextRunAt).toMatch(/T\d{2}:17:00\.000Z$/)
      },
    },
    {
      name: "GET /api/jobs/:name/runs pages through a job's runs, newest first",
      async run(t) {
        const res = await t.fetch('/api/jobs/health-probe/runs?limit=2', { headers: admin })
        expect(res.status).toBe(200)
        const page = (await res.json()) as { items: Run[]; nextCursor: string | null }
        expect(page.items.length).toBeLessThanOrEqual(2)
        for (const run of page.items) expect(run).toMatchObject({ job: 'health-probe', trigger: 'schedule' })
        const ids = page.items.map((r) => r.id)
        expect(ids).toEqual([...ids].sort().reverse())
        if (page.nextCursor) {
          const next = await t.fetch(`/api/jobs/health-probe/runs?limit=2&cursor=${page.nextCursor}`, {
            headers: admin,
          })
          expect(next.status).toBe(200)
          const rest = (await next.json()) as { items: Run[] }
          for (const run of rest.items) expect(run.id < ids[ids.length - 1]!).toBe(true)
        } else {
          expect(page.items.length).toBeLessThan(2)
        }
      },
    },
    {
      name: 'bad paging answers 400 (VALIDATION_FAILED, INVALID_CURSOR); an unknown job 404 NOT_FOUND',
      async run(t) {
        for (const [query, path] of [
          ['limit=5000', 'limit'],
          ['limit=0', 'limit'],
          ['limit=ten', 'limit'],
          [`cursor=${'f'.repeat(65)}`, 'cursor'],
          ['page=2', ''],
        ] as const) {
          const body = await expectError<{ path: string }[]>(
            await t.fetch(`/api/jobs/purge-expired/runs?${query}`, { headers: admin }),
            400,
            'VALIDATION_FAILED',
          )
          expect(
            body.error.details!.map((d) => d.path),
            query,
          ).toContain(path)
        }
        await expectError(
          await t.fetch('/api/jobs/purge-expired/runs?cursor=not-a-cursor', { headers: admin }),
          400,
          'INVALID_CURSOR',
        )
        await expectError(await t.fetch('/api/jobs/no-such-job/runs', { headers: admin }), 404, 'NOT_FOUND')
        expect((await t.fetch('/api/jobs/purge-expired/runs', { headers: admin })).status).toBe(200)
      },
    },
    {
      name: 'a job cannot be triggered over HTTP: anonymous 401, a client 403 FORBIDDEN, an admin 404; no run is recorded',
      async run(t) {
        const trigger = (headers: Record<string, string>) =>
          t.fetch('/api/jobs/purge-expired/runs', {
            method: 'POST',
            headers: { ...headers, 'content-type': 'application/json' },
            body: '{}',
          })
        const anonymous = await trigger({})
        await expectError(anonymous, 401, 'UNAUTHORIZED')
        expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer realm="glam"/)
        await expectError(
          await trigger({ authorization: 'Bearer glam_no_such_key_0000' }),
          401,
          'UNAUTHORIZED',
        )
        const client = await loginBearer(t, 'client@demo.glam')
        await expectError(await trigger(client), 403, 'FORBIDDEN')
        // Reading the jobs is platform-wide too: a customer's client may not even list them.
        await expectError(await t.fetch('/api/jobs', { headers: client }), 403, 'FORBIDDEN')
        await expectError(
          await t.fetch('/api/jobs/purge-expired/runs', { headers: client }),
          403,
          'FORBIDDEN',
        )
        await expectError(await trigger(admin), 404, 'NOT_FOUND')
        await expectError(
          await t.fetch('/api/jobs/purge-expired', { method: 'POST', headers: admin }),
          404,
          'NOT_FOUND',
        )
        const runs = await t.fetch('/api/jobs/purge-expired/runs?limit=100', { headers: admin })
        expect(runs.status).toBe(200)
        for (const run of ((await runs.json()) as { items: Run[] }).items)
          expect(run.trigger).toBe('schedule')
      },
    },
  ],
})
