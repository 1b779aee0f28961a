// `npm run job -- list | run <name> | runs <name> [--limit N]`: the jobs by hand, against the
// database in DATABASE_URL. `run` honours the lease (exit 2 when another run holds it).
import { hostname, userInfo } from 'node:os'
import { ConfigError, parseConfig, scrubString } from '@glam/core'
import { createRepositories } from '@glam/db'
import { findJob, runJob } from '@glam/jobs'
import { containerJobCatalogue as jobCatalogue } from '@glam/platform/container-routes'
import { prepareLocalPlatform } from '@glam/platform/prepare'

const [command, name, ...rest] = process.argv.slice(2)
const usage = 'usage: npm run job -- list | run <name> | runs <name> [--limit N]'

async function main(): Promise<number> {
  const config = parseConfig({ LOG_LEVEL: 'warn', ...process.env, GLAM_SCHEDULER: 'false' })
  const platform = await prepareLocalPlatform('node', config)
  const repos = createRepositories({
    database: platform.database as never,
    now: () => new Date(),
    masterKey: config.masterKey,
  })
  const close = async () => platform.close?.()
  try {
    if (command === 'list') {
      for (const job of jobCatalogue) {
        const last = await repos.jobs.lastRun(job.name)
        const lastText = last ? `${last.status} ${last.startedAt.toISOString()}` : 'never ran'
        console.log(
          `${job.name.padEnd(18)} ${`${job.schedule} ${job.timezone}`.padEnd(20)} ${job.edge ? 'edge+node' : 'node     '}  ${lastText}`,
        )
        console.log(`${''.padEnd(18)} ${job.description}`)
      }
      return 0
    }
    const job = name ? findJob(name, jobCatalogue) : undefined
    if (!job) {
      console.error(name ? `no job named ${name}; \`npm run job -- list\` shows them` : usage)
      return 64
    }
    if (command === 'runs') {
      const limit = Number(rest[rest.indexOf('--limit') + 1] ?? 20) || 20
      const { items } = await repos.jobs.runs(job.name, { limit })
      for (const r of items) {
        const took = r.finishedAt ? `${r.finishedAt.getTime() - r.startedAt.getTime()} ms` : '…'
        console.log(
          `${r.startedAt.toISOString()}  ${r.status.padEnd(10)} ${took.padEnd(9)} ${r.trigger} by ${r.triggeredBy ?? '?'}${r.error ? `  ${r.error}` : ''}`,
        )
      }
      if (items.length === 0) console.log(`${job.name} has no recorded runs`)
      return 0
    }
    if (command === 'run') {
      console.log(`running ${job.name} (timeout ${job.timeoutMs} ms)…`)
      const outcome = await runJob(job, {
        platform,
        trigger: 'manual',
        triggeredBy: `cli ${userInfo().username}@${hostname()}`,
        holder: `${hostname()}:${process.pid}`,
        onProgress: (fields) => console.log(`  progress ${JSON.stringify(fields)}`),
      })
      if (outcome.status === 'skipped') {
        console.error(`skipped: ${outcome.reason}`)
        return 2
      }
      console.log(
        `${outcome.status}${'summary' in outcome && outcome.summary ? ` ${JSON.stringify(outcome.summary)}` : ''}${'error' in outcome && outcome.error ? `: ${outcome.error}` : ''}`,
      )
      return outcome.status === 'succeeded' ? 0 : 1
    }
    console.error(usage)
    return 64
  } finally {
    await close()
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(
      err instanceof ConfigError ? err.message : `glam job: ${scrubString(String(err?.message ?? err))}`,
    )
    process.exit(1)
  },
)
