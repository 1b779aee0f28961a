// `npm run check`: a Nagios-plugin-compatible check of a running Glam (GLAM_CHECK_URL, default
// http://localhost:$PORT): readiness, event backlog, failed and overdue jobs (from DATABASE_URL).
// Prints one line; exits 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
import { parseConfig, scrubString } from '@glam/core'
import { connectDatabase, createRepositories } from '@glam/db'
import { jobCatalogue } from '@glam/jobs'
import { type CheckInput, evaluateCheck, nagios } from '@glam/jobs/check'

async function main() {
  const config = parseConfig({ ...process.env, LOG_LEVEL: 'silent' })
  const base = process.env.GLAM_CHECK_URL ?? `http://localhost:${config.port}`
  let readiness: CheckInput['readiness']
  try {
    const res = await fetch(`${base}/readyz`, { signal: AbortSignal.timeout(5000) })
    readiness = { httpStatus: res.status, body: (await res.json()) as never }
  } catch (err) {
    readiness = {
      error: (err as Error)?.cause ? String(((err as Error).cause as Error).message ?? err) : String(err),
    }
  }
  const database = await connectDatabase(config.databaseUrl)
  const repos = createRepositories({ database, now: () => new Date(), masterKey: config.masterKey })
  const runs: CheckInput['runs'] = {}
  for (const job of jobCatalogue) {
    runs[job.name] = {
      last: await repos.jobs.lastRun(job.name),
      lastSuccess: await repos.jobs.lastRun(job.name, 'succeeded'),
    }
  }
  await database.close()
  return evaluateCheck({ readiness, jobs: jobCatalogue, runs, now: new Date() })
}

main().then(
  ({ status, line }) => {
    console.log(line)
    process.exit(nagios[status])
  },
  (err) => {
    console.log(`GLAM UNKNOWN - ${scrubString(String(err?.message ?? err)).split('\n')[0]}`)
    process.exit(nagios.UNKNOWN)
  },
)
